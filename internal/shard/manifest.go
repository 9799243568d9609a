package shard

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/mushbdd/mush/internal/atomicfile"
)

// ManifestFile is the name of a shard's manifest in its output directory.
const ManifestFile = "shard.json"

// MaxManifestSize bounds a manifest: the whole selection, about half a
// million scenarios' locations.
const MaxManifestSize = 64 << 20

// TimingsFile is the name of a shard's copy of its timing history (the
// history it split with, updated with its own scenarios' durations).
const TimingsFile = "timings.json"

// Under coverageReport a shard also leaves, in its directory, the
// instrumented feature run's GOCOVERDIR data (CovdataDir); shard 1, the one
// that runs the module's go test once for all shards, leaves go test's
// coverage profile (GoTestProfile) and exit code (GoTestExit).
const (
	CovdataDir    = "covdata"
	GoTestProfile = "gotest.out"
	GoTestExit    = "gotest.exit"
)

// ManifestVersion is the manifest format's version; Read refuses others.
const ManifestVersion = 1

// Manifest is what a shard records before it runs: which shard it is, the
// whole selection in file order, and the whole split, so that a merge can
// check the shards against each other without re-running anything.
type Manifest struct {
	Version int    `json:"version"`
	Shard   string `json:"shard"` // "2/4"
	Index   int    `json:"index"`
	Total   int    `json:"total"`
	// From says where the shard came from: BDD_SHARD or a CI engine's
	// variables.
	From string `json:"from,omitempty"`
	// Selection fingerprints Scenarios; History fingerprints the recorded
	// durations of the selected scenarios (what the split depended on).
	Selection string `json:"selection_sha256"`
	History   string `json:"history_sha256"`
	Known     int    `json:"history_known"` // selected scenarios the history knew
	// Scenarios are every selected scenario's location, in file order, on
	// every shard; Assign gives each one's shard number (1-based).
	Scenarios []string `json:"scenarios"`
	Assign    []int    `json:"assign"`
}

// NewManifest describes shard s of the split assign of keys, made with
// history h.
func NewManifest(s Spec, from string, keys []string, h map[string]float64, assign []int) Manifest {
	m := Manifest{Version: ManifestVersion, Shard: s.String(), Index: s.Index, Total: s.Total, From: from,
		Scenarios: keys, Assign: assign}
	m.Selection = fingerprint(keys)
	var known []string
	for _, k := range keys {
		if d, ok := h[k]; ok {
			known = append(known, k+"="+strconv.FormatFloat(d, 'g', -1, 64))
		}
	}
	sort.Strings(known)
	m.Known = len(known)
	m.History = fingerprint(known)
	return m
}

func fingerprint(lines []string) string {
	h := sha256.New()
	for _, l := range lines {
		io.WriteString(h, l)
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Write writes the manifest as dir/shard.json, atomically.
func (m Manifest) Write(dir string) error {
	return atomicfile.Write(filepath.Join(dir, ManifestFile), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	})
}

// ReadManifest reads dir/shard.json and checks that it is consistent in
// itself.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	b, err := atomicfile.ReadFile(filepath.Join(dir, ManifestFile), MaxManifestSize)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: not a shard manifest: %v", filepath.Join(dir, ManifestFile), err)
	}
	switch {
	case m.Version != ManifestVersion:
		return m, fmt.Errorf("%s: manifest version %d, want %d", filepath.Join(dir, ManifestFile), m.Version, ManifestVersion)
	case m.Total < 1 || m.Total > MaxTotal || m.Index < 1 || m.Index > m.Total:
		return m, fmt.Errorf("%s: shard %d/%d is not a shard (accepted: i/n with 1 <= i <= n <= %d)", filepath.Join(dir, ManifestFile), m.Index, m.Total, MaxTotal)
	case len(m.Assign) != len(m.Scenarios) || fingerprint(m.Scenarios) != m.Selection:
		return m, fmt.Errorf("%s: its scenario list does not match its fingerprint (edited or truncated?)", filepath.Join(dir, ManifestFile))
	}
	for _, a := range m.Assign {
		if a < 1 || a > m.Total {
			return m, fmt.Errorf("%s: assigns a scenario to shard %d of %d", filepath.Join(dir, ManifestFile), a, m.Total)
		}
	}
	return m, nil
}
