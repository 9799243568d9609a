package adapt

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Sampler measures the CPU time of goroutines, grouped by a key, from
// the Go runtime's CPU profile: Do runs a function with its goroutine (and
// the goroutines it starts, which inherit the label) labelled, and Stop
// sums the profile's samples by label. Nothing is pinned: every goroutine
// is measured while all run at once, at no cost to the scheduler (pinning
// a goroutine to its thread to read the thread's clock needed a thread
// hand-off at every block and preemption, and left cores idle). The
// measure is statistical: the runtime samples every 10 ms of a thread's
// CPU time, so a goroutine that computed 3 ms has a sample in about 3 runs
// of 10 (see schedule.CPU.Record).
//
// The process has one CPU profile at a time: while another runs
// (MUSH_CPUPROFILE, go test -cpuprofile) StartSampler fails and nothing
// is measured.
type Sampler struct {
	id  string
	buf bytes.Buffer
}

// samplerLabel is the profile label key of a Sampler's goroutines.
const samplerLabel = "mush"

var samplers atomic.Int64

// StartSampler starts the process's CPU profile for a Sampler.
func StartSampler() (*Sampler, error) {
	s := &Sampler{id: strconv.FormatInt(samplers.Add(1), 10) + ":"}
	if err := pprof.StartCPUProfile(&s.buf); err != nil {
		return nil, err
	}
	return s, nil
}

// Do runs f with the calling goroutine labelled key; a nil Sampler just
// runs f.
func (s *Sampler) Do(ctx context.Context, key string, f func(context.Context)) {
	if s == nil {
		f(ctx)
		return
	}
	pprof.Do(ctx, pprof.Labels(samplerLabel, s.id+key), f)
}

// Stop ends the profile and returns the CPU time sampled under each key
// Do was given (none for a key without a sample). A nil Sampler returns
// nil.
func (s *Sampler) Stop() (map[string]time.Duration, error) {
	if s == nil {
		return nil, nil
	}
	pprof.StopCPUProfile()
	out, err := cpuByLabel(s.buf.Bytes(), samplerLabel, s.id)
	s.buf = bytes.Buffer{}
	return out, err
}

// cpuByLabel reads a CPU profile (runtime/pprof's gzipped protocol
// buffer) and sums the last value of its samples (CPU nanoseconds) by the
// value of their label key, for the values that start with prefix (cut).
func cpuByLabel(gz []byte, key, prefix string) (map[string]time.Duration, error) {
	var b []byte
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err == nil {
		b, err = io.ReadAll(zr)
	}
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	sums := map[[2]int64]int64{} // CPU ns by label: key, value (indexes in the string table)
	var strs []string
	err = fields(b, func(f int, v uint64, data []byte) error {
		switch f {
		case 2: // sample
			var ns int64
			var labels [][2]int64
			err := fields(data, func(f int, v uint64, data []byte) error {
				switch {
				case f == 2 && data != nil: // values, packed: the last is the CPU time
					for len(data) > 0 {
						v, n := binary.Uvarint(data)
						if n <= 0 {
							return errProfile
						}
						ns, data = int64(v), data[n:]
					}
				case f == 2:
					ns = int64(v)
				case f == 3: // label
					var kv [2]int64
					err := fields(data, func(f int, v uint64, _ []byte) error {
						if f == 1 || f == 2 {
							kv[f-1] = int64(v)
						}
						return nil
					})
					labels = append(labels, kv)
					return err
				}
				return nil
			})
			for _, kv := range labels {
				sums[kv] += ns
			}
			return err
		case 6: // string table
			strs = append(strs, string(data))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	str := func(i int64) string {
		if i < 0 || i >= int64(len(strs)) {
			return ""
		}
		return strs[i]
	}
	out := map[string]time.Duration{}
	for kv, ns := range sums {
		if v, ok := strings.CutPrefix(str(kv[1]), prefix); ok && str(kv[0]) == key {
			out[v] += time.Duration(ns)
		}
	}
	return out, nil
}

var errProfile = errors.New("cpu profile: malformed protocol buffer")

// fields calls f for each field of a protocol buffer message: its number,
// its value (varint) or its bytes (length-delimited; nil for a varint).
// Fixed-size fields are skipped.
func fields(b []byte, f func(field int, v uint64, data []byte) error) error {
	for len(b) > 0 {
		tag, n := binary.Uvarint(b)
		if n <= 0 {
			return errProfile
		}
		b = b[n:]
		var v uint64
		var data []byte
		switch tag & 7 {
		case 0:
			if v, n = binary.Uvarint(b); n <= 0 {
				return errProfile
			}
			b = b[n:]
		case 1, 5:
			size := 8
			if tag&7 == 5 {
				size = 4
			}
			if len(b) < size {
				return errProfile
			}
			b = b[size:]
			continue
		case 2:
			l, n := binary.Uvarint(b)
			if n <= 0 || uint64(len(b)-n) < l {
				return errProfile
			}
			data, b = b[n:n+int(l)], b[n+int(l):] // never nil: a slice of b
		default:
			return errProfile
		}
		if err := f(int(tag>>3), v, data); err != nil {
			return err
		}
	}
	return nil
}
