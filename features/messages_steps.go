package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/report"
)

// messagesSteps check build/reports/messages.ndjson as the last run or
// merge wrote it.
func messagesSteps(sc *godog.ScenarioContext, w *world) {
	sc.Step(`^messages.ndjson holds (\d+) sources?, (\d+) pickles, (\d+) test cases and (\d+) attempts, (\d+) of them retried$`, w.messagesHold)
	sc.Step(`^in messages.ndjson the test cases end "([^"]*)" and the run (passed|failed)$`, w.messagesEnd)
	sc.Step(`^in messages.ndjson every attempt names a worker of "([^"]*)"$`, func(list string) error {
		return w.messagesWorkers(list, func(id string) string { return id }, false)
	})
	sc.Step(`^in messages.ndjson the attempts ran on workers of the shards "([^"]*)"$`, func(list string) error {
		return w.messagesWorkers(list, func(id string) string { s, _, _ := strings.Cut(id, ":"); return s }, true)
	})
	sc.Step(`^messages.ndjson holds the attachment "([^"]*)"$`, func(name string) error {
		envs, err := w.messages()
		if err != nil {
			return err
		}
		for _, e := range envs {
			if e.Attachment != nil && e.Attachment.FileName == name && e.Attachment.TestCaseStartedId != "" {
				return nil
			}
		}
		return fmt.Errorf("no attachment %q in messages.ndjson", name)
	})
	sc.Step(`^messages.ndjson holds the log "([^"]*)" twice, once per attempt$`, func(text string) error {
		envs, err := w.messages()
		if err != nil {
			return err
		}
		attempts := map[string]bool{}
		for _, e := range envs {
			if a := e.Attachment; a != nil && a.MediaType == report.LogMediaType && a.Body == text {
				attempts[a.TestCaseStartedId] = true
			}
		}
		if len(attempts) != 2 {
			return fmt.Errorf("the log %q is in %d attempts, want 2", text, len(attempts))
		}
		return nil
	})
}

// messages reads the envelopes of the last run's messages.ndjson.
func (w *world) messages() ([]*messages.Envelope, error) {
	b, err := os.ReadFile(filepath.Join(w.dir, "reports", report.MessagesFile))
	if err != nil {
		return nil, err
	}
	var envs []*messages.Envelope
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var e messages.Envelope
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("messages.ndjson line %q: %w", sc.Text(), err)
		}
		envs = append(envs, &e)
	}
	return envs, sc.Err()
}

func (w *world) messagesHold(sources, pickles, cases, attempts, retried int) error {
	envs, err := w.messages()
	if err != nil {
		return err
	}
	var got [5]int
	for _, e := range envs {
		switch {
		case e.Source != nil:
			got[0]++
		case e.Pickle != nil:
			got[1]++
		case e.TestCase != nil:
			got[2]++
		case e.TestCaseStarted != nil:
			got[3]++
		case e.TestCaseFinished != nil && e.TestCaseFinished.WillBeRetried:
			got[4]++
		}
	}
	if want := [5]int{sources, pickles, cases, attempts, retried}; got != want {
		return fmt.Errorf("sources, pickles, test cases, attempts, retried: %v, want %v", got, want)
	}
	return nil
}

// messagesEnd checks the status of every test case's last attempt (the
// worst of its steps'), in file order, and the run's success.
func (w *world) messagesEnd(list, verdict string) error {
	envs, err := w.messages()
	if err != nil {
		return err
	}
	var order []string            // test case ids
	last := map[string]string{}   // test case id -> its last attempt's id
	status := map[string]string{} // attempt id -> worst step status
	rank := func(s string) int {
		return slices.Index([]string{"", "PASSED", "SKIPPED", "PENDING", "UNDEFINED", "AMBIGUOUS", "FAILED"}, s)
	}
	success := ""
	for _, e := range envs {
		switch {
		case e.TestCase != nil:
			order = append(order, e.TestCase.Id)
		case e.TestCaseStarted != nil:
			last[e.TestCaseStarted.TestCaseId] = e.TestCaseStarted.Id
		case e.TestStepFinished != nil:
			st := string(e.TestStepFinished.TestStepResult.Status)
			if id := e.TestStepFinished.TestCaseStartedId; rank(st) > rank(status[id]) {
				status[id] = st
			}
		case e.TestRunFinished != nil:
			success = strconv.FormatBool(e.TestRunFinished.Success)
		}
	}
	var got []string
	for _, id := range order {
		got = append(got, strings.ToLower(status[last[id]]))
	}
	if strings.Join(got, ", ") != list || success != strconv.FormatBool(verdict == "passed") {
		return fmt.Errorf("test cases end %q, run success %s; want %q and the run %s", strings.Join(got, ", "), success, list, verdict)
	}
	return nil
}

// messagesWorkers checks that every attempt's worker id, through key, is
// in list, and with all that every one of list is there.
func (w *world) messagesWorkers(list string, key func(string) string, all bool) error {
	envs, err := w.messages()
	if err != nil {
		return err
	}
	want := strings.Split(list, ", ")
	seen := map[string]bool{}
	for _, e := range envs {
		if e.TestCaseStarted == nil {
			continue
		}
		k := key(e.TestCaseStarted.WorkerId)
		if !slices.Contains(want, k) {
			return fmt.Errorf("an attempt names the worker %q, not one of %q", e.TestCaseStarted.WorkerId, list)
		}
		seen[k] = true
	}
	if all && len(seen) != len(want) {
		return fmt.Errorf("the attempts name %d of the workers %q", len(seen), list)
	}
	return nil
}
