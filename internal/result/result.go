// Package result defines the record of one executed scenario and of a whole
// run. The runner produces these records; the console summary, the report
// writers and the results journal consume them. Nothing here parses text.
package result

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/exitcode"
)

// Status is the verdict of a step or a scenario.
type Status string

// The statuses a step or scenario can have. Undefined, pending and ambiguous
// count as failures (mush is strict); Crashed and TimedOut mark scenarios the
// runner could not finish.
const (
	Passed    Status = "passed"
	Failed    Status = "failed"
	Skipped   Status = "skipped"
	Undefined Status = "undefined"
	Pending   Status = "pending"
	Ambiguous Status = "ambiguous"
	Crashed   Status = "crashed"
	TimedOut  Status = "timed_out"
)

// IsFailure reports whether the status fails a strict run.
func (s Status) IsFailure() bool {
	switch s {
	case Passed, Skipped:
		return false
	}
	return true
}

// Step is one executed (or skipped) step of a scenario.
type Step struct {
	Keyword string `json:"keyword"`
	Text    string `json:"text"`
	Line    int    `json:"line"`
	Status  Status `json:"status"`
	Error   string `json:"error,omitempty"`
	// Duration is the time from the end of the previous step (or the start
	// of the scenario) to the end of this one; 0 for a step that did not run.
	Duration time.Duration `json:"duration_ns,omitempty"`
	// Match is the step definition that ran it, "file.go:LINE" (base name,
	// as godog's cucumber formatter writes it); empty when none matched.
	Match string `json:"match,omitempty"`
	// Pattern is that definition's regular expression (definitions
	// registered through one helper share a Match, never a Pattern).
	Pattern string `json:"pattern,omitempty"`
	// Embeddings are what the step attached with godog.Attach.
	Embeddings []Embedding `json:"embeddings,omitempty"`
}

// Definition is one step definition of the suite: its regular expression
// and where it was registered (File relative to the working directory when
// under it).
type Definition struct {
	Pattern string `json:"pattern"`
	File    string `json:"file"`
	Line    int    `json:"line"`
}

// Match is the definition as Step.Match names it: "file.go:LINE".
func (d Definition) Match() string {
	return Loc{File: filepath.Base(d.File), Line: d.Line}.String()
}

// Log is one message a step or hook logged with godog.Log or godog.Logf.
// Line is the line of the step that was running when it was logged (an
// after-scenario hook's message counts for the scenario's last step); 0
// when no step had run.
type Log struct {
	Line int    `json:"line,omitempty"`
	Text string `json:"text"`
}

// LogLines is logs as the summary and the reports show them, in the order
// they were logged, each "line N: message" (a message of several lines
// goes on over as many).
func LogLines(logs []Log) string {
	var b strings.Builder
	for _, l := range logs {
		b.WriteString("line " + strconv.Itoa(l.Line) + ": " + strings.TrimRight(l.Text, "\n") + "\n")
	}
	return b.String()
}

// Embedding is one attachment of a step (godog.Attach).
type Embedding struct {
	Name     string `json:"name"`
	MimeType string `json:"mime_type"`
	Data     []byte `json:"data"`
}

// Scenario is the result of one scenario, or of one example row of an
// outline. Its Location ("file:line") is also the path that reruns it.
type Scenario struct {
	// Feature is the feature's name, File its path relative to the working
	// directory, Line the Scenario keyword line (or the example row's line).
	Feature string `json:"feature"`
	Name    string `json:"name"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	// Order is the scenario's position in file order over the whole run;
	// reports sort by it whatever order the scenarios ran in.
	Order int      `json:"order"`
	Tags  []string `json:"tags,omitempty"`
	// Serial is set for a scenario tagged BDD_SERIAL_TAG: it ran with no
	// other scenario running.
	Serial bool `json:"serial,omitempty"`

	Status Status `json:"status"`
	// Error is the message of the first failing step (or of the panic, crash
	// or timeout); Snippet holds Go code for undefined steps.
	Error      string `json:"error,omitempty"`
	FailedStep string `json:"failed_step,omitempty"`
	FailedLine int    `json:"failed_line,omitempty"`
	Snippet    string `json:"snippet,omitempty"`
	Steps      []Step `json:"steps,omitempty"`
	// Logs are what the scenario's steps and hooks logged (godog.Log), in
	// order: its own, whatever ran beside it.
	Logs []Log `json:"logs,omitempty"`

	Start    time.Time     `json:"start"`
	Duration time.Duration `json:"-"`
	// CPU is the CPU time sampled of its steps when its run sampled them
	// (Run.Sampled): the timing history keeps it.
	CPU     time.Duration `json:"-"`
	Worker  int           `json:"worker"`
	Attempt int           `json:"attempt"`
	// Shard is the part of a split suite that ran it ("2/4"), empty for a
	// whole run; merged reports keep each shard's workers apart by it.
	Shard string `json:"shard,omitempty"`
	// Retries are the earlier tries of a scenario that failed and was run
	// again (BDD_RETRY), oldest first; the fields above are its last try,
	// and Duration counts every try.
	Retries []Try `json:"retries,omitempty"`
	// Alone is what a failed scenario did when its supervisor ran it again
	// alone in a fresh process after a run with scenarios side by side
	// (BDD_ALONE): "passed" or "failed"; empty when it was not. Beside are
	// the scenarios that ran while it ran, Before those that ran before it
	// in its process (latest first), as locations, each list bounded; Culprit
	// the one of them that made it fail again when the two ran in a fresh
	// process (beside it, or before it), empty when none did.
	Alone   string   `json:"alone,omitempty"`
	Beside  []string `json:"beside,omitempty"`
	Before  []string `json:"before,omitempty"`
	Culprit string   `json:"culprit,omitempty"`
}

// Try is one failed try of a scenario that was retried.
type Try struct {
	Status     Status  `json:"status"`
	Error      string  `json:"error,omitempty"`
	FailedStep string  `json:"failed_step,omitempty"`
	FailedLine int     `json:"failed_line,omitempty"`
	DurationS  float64 `json:"duration_s"`
	Logs       []Log   `json:"logs,omitempty"`
}

// Flaky reports whether the scenario passed only on a retry.
func (s Scenario) Flaky() bool {
	return s.Status == Passed && len(s.Retries) > 0
}

// Location is "file:line", the argument that reruns just this scenario.
func (s Scenario) Location() string {
	return Loc{s.File, s.Line}.String()
}

// Loc is where a scenario is: its feature file and the line of its
// Scenario keyword (of its Examples row, for one row of an outline). Its
// text "file:LINE" keys the timing history, the journal and the reports,
// and is the path that runs that scenario alone. Every location is built
// by String and read by ParseLoc.
type Loc struct {
	File string
	Line int
}

// String is "file:LINE".
func (l Loc) String() string { return l.File + ":" + strconv.Itoa(l.Line) }

// ParseLoc reads "file:LINE". As godog reads a path, only ":digits" at the
// very end is a line; ok is false when s has none (a file or a directory)
// or the number does not fit an int.
func ParseLoc(s string) (l Loc, ok bool) {
	i := strings.LastIndexByte(s, ':')
	digits := s[i+1:]
	if i < 0 || digits == "" || strings.Trim(digits, "0123456789") != "" {
		return Loc{File: s}, false
	}
	n, err := strconv.Atoi(digits)
	if err != nil {
		return Loc{File: s}, false
	}
	return Loc{File: s[:i], Line: n}, true
}

type scenarioJSON Scenario

// FirstLine is the first line of a message (an error, a note), without
// the spaces around it: what a one-line view (an annotation, a table cell,
// a JUnit message, a trace event) shows of it.
func FirstLine(msg string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(msg), "\n")
	return strings.TrimSpace(line)
}

// MarshalJSON writes the duration in seconds as "duration_s", and
// "flaky": true for a scenario that passed on a retry.
func (s Scenario) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		scenarioJSON
		Location  string  `json:"location"`
		DurationS float64 `json:"duration_s"`
		Flaky     bool    `json:"flaky,omitempty"`
	}{scenarioJSON(s), s.Location(), s.Duration.Seconds(), s.Flaky()})
}

// UnmarshalJSON reads what MarshalJSON wrote, the duration to the
// nanosecond; a duration out of range is an error wrapping ErrRange.
func (s *Scenario) UnmarshalJSON(b []byte) (err error) {
	var v scenarioSeconds
	if err = json.Unmarshal(b, &v); err == nil {
		*s, err = v.scenario(0)
	}
	return err
}

type scenarioSeconds struct {
	scenarioJSON
	DurationS float64 `json:"duration_s"`
}

// scenario is the scenario read, the nth of its run (0: alone).
func (v scenarioSeconds) scenario(n int) (s Scenario, err error) {
	s = Scenario(v.scenarioJSON)
	s.Duration, err = seconds("duration_s", v.DurationS, n)
	return s, err
}

// ErrRange is wrapped by the error of a time read back in seconds that is
// negative or over 1e9 s (31 years): a time.Duration holds that, where
// 1e308 would not.
var ErrRange = errors.New("out of range")

// seconds is s seconds rounded to the nanosecond (a conversion alone can
// lose one); the error names the JSON field, of the nth scenario if n > 0.
func seconds(name string, s float64, n int) (time.Duration, error) {
	const maxSeconds = 1e9
	if !(s >= 0 && s <= maxSeconds) {
		if n > 0 {
			name = fmt.Sprintf("%s %g of scenario %d", name, s, n)
		} else {
			name = fmt.Sprintf("%s %g", name, s)
		}
		return 0, fmt.Errorf("%s %w (accepted: 0 to %g s)", name, ErrRange, float64(maxSeconds))
	}
	return time.Duration(math.Round(s * float64(time.Second))), nil
}

// Run is a whole run: every selected scenario (those not run included, as
// Skipped) in file order, and how the run used its workers.
type Run struct {
	Scenarios []Scenario `json:"scenarios"`
	Workers   int        `json:"workers"`
	// Seed is the shuffle seed, 0 when the run used longest-first order.
	Seed    int64         `json:"seed"`
	Started time.Time     `json:"started"`
	Wall    time.Duration `json:"-"`
	// Busy is the summed time workers spent running scenarios.
	Busy time.Duration `json:"-"`
	// Auto is set when the worker count adapted during the run
	// (BDD_WORKERS=auto): it went from WorkersMin to WorkersMax (Workers is
	// the cap). WorkerTime is the time workers existed, summed over workers
	// (the average count is WorkerTime / Wall).
	Auto       bool          `json:"auto,omitempty"`
	WorkersMin int           `json:"workers_min,omitempty"`
	WorkersMax int           `json:"workers_max,omitempty"`
	WorkerTime time.Duration `json:"-"`
	// CPU is the process's CPU time (user and system) during the run, on
	// Cores cores (GOMAXPROCS).
	CPU   time.Duration `json:"-"`
	Cores int           `json:"cores,omitempty"`
	// Sampled says the run sampled the CPU time of every scenario it ran
	// (Scenario.CPU).
	Sampled bool `json:"-"`
	// MachineCPU is the CPU time every process on the machine used during
	// the run (within a cgroup CPU limit, the cgroup's processes), and
	// MachineCapacity what the cores (or the limit) could give; both 0
	// where the machine cannot be read (adapt.Meter).
	MachineCPU      time.Duration `json:"-"`
	MachineCapacity time.Duration `json:"-"`
	// Setup is how long the suite setup (BeforeSuite) took before Started;
	// Teardown how long the teardown (AfterSuite) took after Started+Wall.
	Setup    time.Duration `json:"-"`
	Teardown time.Duration `json:"-"`
	// Notes are run-level problems (suite teardown failed, fail-fast stop).
	Notes []string `json:"notes,omitempty"`
	// Failed is set when something outside any scenario failed the run
	// (suite setup or teardown).
	Failed bool `json:"failed,omitempty"`
	// Shard is the part of a split suite this run ran ("2/4"), empty for
	// a whole run.
	Shard string `json:"shard,omitempty"`
	// Rerun is how the run was started, which every rerun hint repeats
	// (view.RerunCommand).
	Rerun Start `json:"rerun,omitzero"`
	// Definitions are the suite's step definitions, in the order they
	// were registered (the usage report); Complete is set when the run
	// selected every scenario of its feature directories (no tags, shard,
	// file or line), so a definition no step used is unused by the suite.
	Definitions []Definition `json:"definitions,omitempty"`
	Complete    bool         `json:"complete,omitempty"`
}

// The commands of Start that mush builds from their parts.
const (
	GoRun  = "go run"
	GoTest = "go test"
)

// Start is how a run was started, all that a command rerunning some of its
// scenarios must repeat to run the same code: the command (a Mage target,
// MUSH_RERUN's value, or GoRun / GoTest of Pkg), the build tags and the
// settings that choose the code. view.RerunCommand builds the command.
type Start struct {
	// Command runs the suite: "go tool mage unitTests", GoRun or GoTest.
	Command string `json:"command"`
	// Pkg is the ./path of the package GoRun runs or GoTest tests.
	Pkg string `json:"pkg,omitempty"`
	// Test is GoTest's test ("TestFeatures", "TestX/sub"), whose subtests
	// <feature>/<scenario> are the scenarios (mush.Test).
	Test string `json:"test,omitempty"`
	// Tags are GoRun's and GoTest's build tags ("integration,slow").
	Tags string `json:"tags,omitempty"`
	// Env are the settings, NAME=value, that the command needs besides the
	// selection: BDD_RUNNER_PKG and GOFLAGS (build tags) under the Mage
	// targets, BDD_PATHS under go test when it was set: what chooses the
	// code and the scenarios. How scenarios share workers and processes
	// (BDD_WORKERS, BDD_ISOLATION) is left out: a rerun runs one scenario
	// alone, in a fresh process of its own either way.
	Env []string `json:"env,omitempty"`
}

type runJSON Run

// runSeconds are the durations of Run that its JSON holds in seconds.
type runSeconds struct {
	WallS            float64 `json:"wall_s"`
	BusyS            float64 `json:"busy_s"`
	WorkerTimeS      float64 `json:"worker_time_s,omitempty"`
	CPUS             float64 `json:"cpu_s,omitempty"`
	MachineCPUS      float64 `json:"machine_cpu_s,omitempty"`
	MachineCapacityS float64 `json:"machine_capacity_s,omitempty"`
	SetupS           float64 `json:"setup_s,omitempty"`
	TeardownS        float64 `json:"teardown_s,omitempty"`
}

// MarshalJSON writes wall, busy, worker, CPU and machine time in seconds.
func (r Run) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		runJSON
		runSeconds
	}{runJSON(r), runSeconds{r.Wall.Seconds(), r.Busy.Seconds(), r.WorkerTime.Seconds(), r.CPU.Seconds(),
		r.MachineCPU.Seconds(), r.MachineCapacity.Seconds(), r.Setup.Seconds(), r.Teardown.Seconds()}})
}

// UnmarshalJSON reads what MarshalJSON wrote, times to the nanosecond; a
// time out of range is an error wrapping ErrRange.
func (r *Run) UnmarshalJSON(b []byte) error {
	var v struct {
		runJSON
		runSeconds
		Scenarios []scenarioSeconds `json:"scenarios"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*r = Run(v.runJSON)
	var err error // the first
	sec := func(name string, s float64) time.Duration {
		d, e := seconds(name, s, 0)
		err = cmp.Or(err, e)
		return d
	}
	r.Wall, r.Busy, r.WorkerTime, r.CPU = sec("wall_s", v.WallS), sec("busy_s", v.BusyS), sec("worker_time_s", v.WorkerTimeS), sec("cpu_s", v.CPUS)
	r.Setup, r.Teardown = sec("setup_s", v.SetupS), sec("teardown_s", v.TeardownS)
	r.MachineCPU, r.MachineCapacity = sec("machine_cpu_s", v.MachineCPUS), sec("machine_capacity_s", v.MachineCapacityS)
	if v.Scenarios != nil {
		r.Scenarios = make([]Scenario, len(v.Scenarios))
	}
	for i, sc := range v.Scenarios {
		var e error
		r.Scenarios[i], e = sc.scenario(i + 1)
		err = cmp.Or(err, e)
	}
	return err
}

// Counts tallies scenarios by status.
type Counts map[Status]int

// Count returns the scenario counts of the run.
func (r Run) Count() Counts {
	c := Counts{}
	for _, s := range r.Scenarios {
		c[s.Status]++
	}
	return c
}

// Failures is the number of scenarios whose status fails the run.
func (c Counts) Failures() int {
	n := 0
	for st, k := range c {
		if st.IsFailure() {
			n += k
		}
	}
	return n
}

// OK reports whether the run passed: no failing scenario, no run-level
// failure.
func (r Run) OK() bool {
	return !r.Failed && r.Count().Failures() == 0
}

// Capacity is the time workers were there to run scenarios: WorkerTime
// when the run measured it, else wall time times workers.
func (r Run) Capacity() time.Duration {
	if r.WorkerTime > 0 {
		return r.WorkerTime
	}
	return time.Duration(r.Workers) * r.Wall
}

// Utilisation is busy time over Capacity, in [0,1].
func (r Run) Utilisation() float64 { return share(r.Busy.Seconds(), r.Capacity().Seconds()) }

// AverageWorkers is the time-weighted number of workers.
func (r Run) AverageWorkers() float64 {
	if r.Wall <= 0 {
		return 0
	}
	return r.Capacity().Seconds() / r.Wall.Seconds()
}

// MachineUtilisation is how busy the machine's cores were during the run,
// whoever kept them busy, in [0,1]; 0 when not measured.
func (r Run) MachineUtilisation() float64 {
	return share(r.MachineCPU.Seconds(), r.MachineCapacity.Seconds())
}

// CPUUtilisation is the process's CPU time over wall time times cores: how
// much of the machine the run used, in [0,1]; 0 when not measured.
func (r Run) CPUUtilisation() float64 {
	if r.Cores <= 0 {
		return 0
	}
	return share(r.CPU.Seconds(), r.Wall.Seconds()*float64(r.Cores))
}

// share is part over whole, at most 1; 0 when whole is not positive.
func share(part, whole float64) float64 {
	if whole <= 0 {
		return 0
	}
	return min(part/whole, 1)
}

// Outcome is how a run ended, as values: its exit code and the line that
// says why, so that whoever started the run (a target, mush.Test) reports
// it without reading the run's printed text back.
type Outcome struct {
	// Code is the run's exit code (package exitcode).
	Code int
	// Closing is the run's closing line without colour ("3 passed, 1
	// failed"); empty when no scenario was run.
	Closing string
	// Reason says why no scenario was run when that is not an error:
	// "nothing to rerun: ..." (an empty rerun file); or, with Code 7 from
	// a supervisor, the file that could not be written ("cannot write the
	// journal ...").
	Reason string
}

// Err is the outcome as the error a target returns: nil for exit code 0,
// else an already reported exitcode.Error with the code, whose text is the
// closing line (Mage prints it last, "Error: 3 passed, 1 failed").
func (o Outcome) Err() error {
	if o.Code == exitcode.OK {
		return nil
	}
	e := &exitcode.Error{Code: o.Code, Reported: true}
	if text := cmp.Or(o.Closing, o.Reason); text != "" {
		e.Err = errors.New(text)
	}
	return e
}
