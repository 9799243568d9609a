package report_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/runner"
)

// TestCompatibilityKit runs each supported sample of Cucumber's
// Compatibility Kit through mush's runner in this process, on two workers,
// and compares the messages.ndjson it writes with the stream the kit
// expects. Both streams are first checked for the order the protocol
// requires; then compared, after ids are renumbered in order of
// appearance and uris cut to their base name: the count of every envelope
// type compared, the sources, gherkin documents and pickles as they are,
// and for each pickle's test case which steps have a definition, then every
// attempt: its number, willBeRetried, each step's status (and the first
// line of a failure's message) and the attachments of each step (media
// type, encoding, file name, body). Times, durations, stack traces, the
// meta envelope and the envelopes mush does not write (step definitions'
// patterns, hooks, suggestions, parameter types, test run hooks) are left
// out: docs/cucumber.md says so.
func TestCompatibilityKit(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "cck", "*", "*.ndjson"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no samples under testdata/cck (%v)", err)
	}
	for _, want := range dirs {
		name := filepath.Base(filepath.Dir(want))
		t.Run(name, func(t *testing.T) {
			sample, ok := cckSamples[name]
			if !ok {
				t.Fatalf("testdata/cck/%s has no step definitions in cckSamples", name)
			}
			got := runSample(t, name, sample)
			exp, err := os.ReadFile(want)
			if err != nil {
				t.Fatal(err)
			}
			compareStreams(t, decodeStream(t, got), decodeStream(t, exp))
		})
	}
	if n := len(cckSamples); n != len(dirs) {
		t.Errorf("%d samples have step definitions, %d are vendored", n, len(dirs))
	}
}

// runSample runs the sample's feature files with mush and returns the
// messages.ndjson it wrote.
func runSample(t *testing.T, name string, s cckSample) []byte {
	t.Helper()
	features, _ := filepath.Glob(filepath.Join("testdata", "cck", name, "*.feature"))
	dir := t.TempDir()
	env := map[string]string{
		"BDD_PATHS":       strings.Join(features, ","),
		"BDD_WORKERS":     "2",
		"BDD_RETRY":       s.retry,
		"BDD_REPORTS_DIR": filepath.Join(dir, "reports"),
		"BDD_TIMINGS":     filepath.Join(dir, "timings.json"),
	}
	steps := s.steps
	if s.newSteps != nil {
		steps = s.newSteps()
	}
	var out bytes.Buffer
	runner.ExitCode(runner.Run(context.Background(), runner.Suite{ScenarioInitializer: steps}, runner.Env{
		Getenv: func(k string) string { return env[k] }, Stdout: &out, Stderr: &out,
	}))
	b, err := os.ReadFile(filepath.Join(dir, "reports", report.MessagesFile))
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	return b
}

// envelope is one line of a stream, with its type name.
type envelope struct {
	kind string
	*messages.Envelope
}

func decodeStream(t *testing.T, b []byte) []envelope {
	t.Helper()
	var envs []envelope
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var e messages.Envelope
		var kinds map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || json.Unmarshal(sc.Bytes(), &kinds) != nil || len(kinds) != 1 {
			t.Fatalf("not one envelope: %s (%v)", sc.Text(), err)
		}
		envs = append(envs, envelope{slices.Collect(maps.Keys(kinds))[0], &e})
	}
	return envs
}

// notCompared are the envelope types the comparison leaves out.
var notCompared = map[string]bool{"meta": true, "hook": true, "suggestion": true,
	"parameterType": true, "undefinedParameterType": true, "testRunHookStarted": true, "testRunHookFinished": true}

func compareStreams(t *testing.T, got, want []envelope) {
	t.Helper()
	if err := inOrder(got); err != nil {
		t.Errorf("mush's stream: %v", err)
	}
	if err := inOrder(want); err != nil {
		t.Fatalf("the kit's stream: %v", err)
	}
	g, w := project(got), project(want)
	// godog keeps no definition for an ambiguous step (it matched
	// several): its test step's definitions are not compared.
	for _, ps := range w.ambiguous {
		for _, c := range []projection{g, w} {
			if ps[0] < len(c.cases) && ps[1] < len(c.cases[ps[0]]) {
				c.cases[ps[0]][ps[1]] = false
			}
		}
	}
	for _, f := range []struct {
		what      string
		got, want any
	}{
		{"envelope counts", g.counts, w.counts},
		{"sources", g.sources, w.sources},
		{"gherkin documents", g.documents, w.documents},
		{"pickles", g.pickles, w.pickles},
		{"test cases (steps with a definition)", g.cases, w.cases},
		{"test run success", g.success, w.success},
	} {
		if !reflect.DeepEqual(f.got, f.want) {
			t.Errorf("%s differ:\n--- mush\n%s\n--- kit\n%s", f.what, show(f.got), show(f.want))
		}
	}
	for p := range max(len(g.attempts), len(w.attempts)) {
		ga, wa := at(g.attempts, p), at(w.attempts, p)
		if !slices.Equal(ga, wa) {
			t.Errorf("attempts of pickle %d (%s) differ:\n--- mush\n%s\n--- kit\n%s", p, w.names[min(p, len(w.names)-1)],
				strings.Join(ga, "\n"), strings.Join(wa, "\n"))
		}
	}
	if len(w.attempts) == 0 {
		t.Error("the kit's stream has no attempt: nothing compared")
	}
}

func at(s [][]string, i int) []string {
	if i < len(s) {
		return s[i]
	}
	return nil
}

func show(v any) string {
	b, _ := json.MarshalIndent(v, "", " ")
	return string(b)
}

// projection is what the comparison looks at in a stream.
type projection struct {
	counts    map[string]int
	sources   []string
	documents []any
	pickles   []any
	names     []string
	cases     [][]bool   // per pickle, per test step: has a definition
	attempts  [][]string // per pickle, its attempts as lines
	ambiguous [][2]int   // pickle and step indexes of ambiguous steps
	success   bool
}

func project(envs []envelope) projection {
	p := projection{counts: map[string]int{}}
	ids := map[string]string{}
	pickle := map[string]int{}       // pickle id -> index
	caseOf := map[string]int{}       // test case id -> pickle index
	stepOf := map[string]int{}       // test step id -> index in its test case
	started := map[string]int{}      // test case started id -> pickle index
	attempt := map[string][]string{} // test case started id -> lines
	var order []string               // test case started ids
	for _, e := range envs {
		if !notCompared[e.kind] {
			p.counts[e.kind]++
		}
		switch {
		case e.Source != nil:
			p.sources = append(p.sources, path.Base(e.Source.Uri)+"\n"+e.Source.Data)
		case e.GherkinDocument != nil:
			e.GherkinDocument.Uri = path.Base(e.GherkinDocument.Uri)
			p.documents = append(p.documents, canonical(e.GherkinDocument, ids))
		case e.Pickle != nil:
			pickle[e.Pickle.Id] = len(p.pickles)
			p.names = append(p.names, e.Pickle.Name)
			e.Pickle.Uri = path.Base(e.Pickle.Uri)
			p.pickles = append(p.pickles, canonical(e.Pickle, ids))
		case e.TestCase != nil:
			i := pickle[e.TestCase.PickleId]
			caseOf[e.TestCase.Id] = i
			for len(p.cases) <= i {
				p.cases = append(p.cases, nil)
			}
			p.cases[i] = []bool{}
			for j, s := range e.TestCase.TestSteps {
				stepOf[s.Id] = j
				p.cases[i] = append(p.cases[i], len(s.StepDefinitionIds) > 0)
			}
		case e.TestCaseStarted != nil:
			started[e.TestCaseStarted.Id] = caseOf[e.TestCaseStarted.TestCaseId]
			order = append(order, e.TestCaseStarted.Id)
			attempt[e.TestCaseStarted.Id] = []string{"attempt " + strconv.FormatInt(e.TestCaseStarted.Attempt, 10)}
		case e.TestStepFinished != nil:
			r := e.TestStepFinished.TestStepResult
			line := fmt.Sprintf("step %d %s", stepOf[e.TestStepFinished.TestStepId], r.Status)
			if r.Status == messages.TestStepResultStatus_FAILED {
				line += ": " + strings.SplitN(r.Message, "\n", 2)[0]
			}
			id := e.TestStepFinished.TestCaseStartedId
			attempt[id] = append(attempt[id], line)
			if r.Status == messages.TestStepResultStatus_AMBIGUOUS {
				p.ambiguous = append(p.ambiguous, [2]int{started[id], stepOf[e.TestStepFinished.TestStepId]})
			}
		case e.Attachment != nil:
			a := e.Attachment
			body := []byte(a.Body)
			if a.ContentEncoding == messages.AttachmentContentEncoding_BASE64 {
				body, _ = base64.StdEncoding.DecodeString(a.Body)
			}
			id := a.TestCaseStartedId
			attempt[id] = append(attempt[id], fmt.Sprintf("attachment of step %d: %s %s %q %d bytes %q", stepOf[a.TestStepId],
				a.MediaType, a.ContentEncoding, a.FileName, len(body), truncate(body)))
		case e.TestCaseFinished != nil:
			id := e.TestCaseFinished.TestCaseStartedId
			attempt[id] = append(attempt[id], "willBeRetried "+strconv.FormatBool(e.TestCaseFinished.WillBeRetried))
		case e.TestRunFinished != nil:
			p.success = e.TestRunFinished.Success
		}
	}
	p.attempts = make([][]string, len(p.pickles))
	for _, id := range order {
		i := started[id]
		p.attempts[i] = append(p.attempts[i], attempt[id]...)
	}
	return p
}

func truncate(b []byte) string {
	if len(b) > 64 {
		return string(b[:64]) + "..."
	}
	return string(b)
}

// canonical is v as JSON values, its ids renumbered in order of
// appearance (shared by a stream's documents and pickles), empty values
// dropped.
func canonical(v any, ids map[string]string) any {
	b, _ := json.Marshal(v)
	var x any
	_ = json.Unmarshal(b, &x)
	return renumber(x, "", ids)
}

func renumber(x any, key string, ids map[string]string) any {
	id := func(s string) string {
		if _, ok := ids[s]; !ok {
			ids[s] = strconv.Itoa(len(ids))
		}
		return ids[s]
	}
	switch v := x.(type) {
	case map[string]any:
		out := map[string]any{}
		for _, k := range slices.Sorted(maps.Keys(v)) {
			if c := renumber(v[k], k, ids); c != nil {
				out[k] = c
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case []any:
		var out []any
		for _, e := range v {
			out = append(out, renumber(e, key, ids))
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case string:
		if key == "id" || key == "astNodeIds" || key == "astNodeId" {
			return id(v)
		}
		if v == "" {
			return nil
		}
	}
	return x
}

// inOrder checks the order the protocol requires: meta first, each
// document after its source and before its pickles, each test case after
// its pickle and the run's start, each attempt after its test case, its
// steps started and finished in turn between its start and finish with
// their attachments inside, and the run finished last.
func inOrder(envs []envelope) error {
	if len(envs) == 0 || envs[0].Meta == nil {
		return fmt.Errorf("the first envelope is no meta")
	}
	if envs[len(envs)-1].TestRunFinished == nil {
		return fmt.Errorf("the last envelope is no testRunFinished")
	}
	seen := map[string]bool{} // "kind id" of what came before
	sources := map[string]bool{}
	docs := map[string]bool{}
	runStarted := false
	open := map[string]string{} // test case started id -> running step id ("" between steps)
	done := map[string]bool{}
	for i, e := range envs {
		fail := func(format string, args ...any) error {
			return fmt.Errorf("envelope %d (%s): %s", i+1, e.kind, fmt.Sprintf(format, args...))
		}
		switch {
		case e.Source != nil:
			sources[e.Source.Uri] = true
		case e.GherkinDocument != nil:
			if !sources[e.GherkinDocument.Uri] {
				return fail("document of %s before its source", e.GherkinDocument.Uri)
			}
			docs[e.GherkinDocument.Uri] = true
		case e.Pickle != nil:
			if !docs[e.Pickle.Uri] {
				return fail("pickle of %s before its document", e.Pickle.Uri)
			}
			seen["pickle "+e.Pickle.Id] = true
		case e.TestRunStarted != nil:
			runStarted = true
		case e.TestCase != nil:
			if !runStarted || !seen["pickle "+e.TestCase.PickleId] {
				return fail("test case before the run started or before its pickle")
			}
			seen["case "+e.TestCase.Id] = true
		case e.TestCaseStarted != nil:
			if !seen["case "+e.TestCaseStarted.TestCaseId] {
				return fail("attempt before its test case")
			}
			open[e.TestCaseStarted.Id] = ""
		case e.TestStepStarted != nil:
			id := e.TestStepStarted.TestCaseStartedId
			if step, ok := open[id]; !ok || step != "" {
				return fail("step started outside its attempt or inside another step")
			}
			open[id] = e.TestStepStarted.TestStepId
		case e.Attachment != nil && e.Attachment.TestCaseStartedId != "":
			if open[e.Attachment.TestCaseStartedId] != e.Attachment.TestStepId {
				return fail("attachment outside its step")
			}
		case e.TestStepFinished != nil:
			id := e.TestStepFinished.TestCaseStartedId
			if open[id] != e.TestStepFinished.TestStepId {
				return fail("step finished that had not started")
			}
			open[id] = ""
		case e.TestCaseFinished != nil:
			id := e.TestCaseFinished.TestCaseStartedId
			if step, ok := open[id]; !ok || step != "" {
				return fail("attempt finished while not started or inside a step")
			}
			delete(open, id)
			done[id] = true
		case e.TestRunFinished != nil:
			if len(open) > 0 {
				return fail("the run finished with %d attempts open", len(open))
			}
		}
	}
	return nil
}
