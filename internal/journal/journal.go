// Package journal appends a run's events to an NDJSON file as they happen,
// so that a run that dies keeps every finished result, and reads such a file
// back. It is also the protocol between a feature runner and its supervisor
// (protocol.go): the plan and done events.
//
// Each event is one JSON object on one line, handed to the operating system
// with a single write before the call returns: a process that dies loses at
// most the line it was writing, and Read ignores such a cut-off last line.
// A write that fails (a full disk) ends the journal there: the Writer
// writes nothing more, and its Err says why, for the run to end with that
// line instead of a journal its reader would take for a crash.
package journal

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/mushbdd/mush/internal/atomicfile"
	"github.com/mushbdd/mush/internal/jsonindent"
	"github.com/mushbdd/mush/internal/result"
)

// File is the journal's name in a run's reports directory.
const File = "journal.ndjson"

// The kinds of event.
const (
	KindStart  = "start"  // a scenario started; Location and Worker are set
	KindFinish = "finish" // a scenario finished; Scenario is set
	KindNote   = "note"   // a run-level remark; Note is set
	KindPlan   = "plan"   // the run's plan, its first event; Plan is set
	KindDone   = "done"   // the run finished, its last event; Done is set
)

// Event is one line of a journal.
type Event struct {
	Kind     string           `json:"kind"`
	Time     time.Time        `json:"time"`
	Location string           `json:"location,omitempty"`
	Worker   int              `json:"worker,omitempty"`
	Scenario *result.Scenario `json:"scenario,omitempty"`
	Note     string           `json:"note,omitempty"`
	Plan     *Plan            `json:"plan,omitempty"`
	Done     *Done            `json:"done,omitempty"`
}

// ErrClosed is returned by writes to a closed Writer.
var ErrClosed = errors.New("journal: writer is closed")

// Writer appends events to a journal. It is safe for concurrent use; lines
// of concurrent events never interleave.
type Writer struct {
	mu     sync.Mutex
	w      io.Writer
	file   *os.File // set by Create, closed by Close
	path   string   // the file's, for Err
	failed error    // the first write that failed
	closed bool
}

// WriteFailed starts the message of the first write to a journal that
// failed (Writer.Err), the line a run ends with: "cannot write the journal
// PATH: no space left on device". A feature runner prints it as "mush:
// cannot write the journal ..." on stderr and exits with exitcode.Reports;
// its supervisor tells such a runner, whose journal stops short, from one
// that died.
const WriteFailed = "cannot write the journal"

// Create creates (or empties) the journal file at path, creating its
// directory if needed. Anything but a regular file at path (a symbolic
// link, a named pipe, a device) is refused at once, neither followed nor
// waited on.
func Create(path string) (*Writer, error) {
	f, err := atomicfile.Create(path)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	return &Writer{w: f, file: f, path: path}, nil
}

// NewWriter returns a Writer that appends to w with one Write call per
// event. Close does not close w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w}
}

// Start records that the scenario at loc ("file:line") started on worker.
func (w *Writer) Start(loc string, worker int, t time.Time) error {
	if line, ok := appendEvent(KindStart, t, loc, worker, nil); ok {
		defer release(line)
		return w.writeLine(KindStart, *line)
	}
	return w.write(Event{Kind: KindStart, Time: t, Location: loc, Worker: worker})
}

// Finish records a finished scenario.
func (w *Writer) Finish(s result.Scenario, t time.Time) error {
	s.Start = s.Start.UTC()
	loc := s.Location()
	if sc, err := s.MarshalJSON(); err == nil {
		if line, ok := appendEvent(KindFinish, t, loc, s.Worker, sc); ok {
			defer release(line)
			return w.writeLine(KindFinish, *line)
		}
	}
	return w.write(Event{Kind: KindFinish, Time: t, Location: loc, Worker: s.Worker, Scenario: ref(s)})
}

// ref returns a pointer to a copy of s: only the rare path that needs one
// pays for it on the heap.
func ref(s result.Scenario) *result.Scenario { return &s }

// lines are appendEvent's buffers, reused: a run writes two events per
// scenario.
var lines = sync.Pool{New: func() any { return new([]byte) }}

// release puts a buffer back in lines unless a large scenario (long
// errors, attachments) made it too big to keep for the small ones.
func release(line *[]byte) {
	if cap(*line) <= 64<<10 {
		lines.Put(line)
	}
}

// appendEvent encodes a start or finish event (two per scenario) as
// json.Marshal(Event) would, byte for byte (the tests compare), without its
// reflection and its second pass over the scenario's MarshalJSON output.
// ok is false for what only write encodes: a location to escape, a time
// RFC 3339 cannot hold.
func appendEvent(kind string, t time.Time, loc string, worker int, scenario []byte) (line *[]byte, ok bool) {
	line = lines.Get().(*[]byte)
	b := append((*line)[:0], `{"kind":"`...)
	b = append(b, kind...) // a constant: nothing to escape
	b = append(b, `","time":"`...)
	b, err := t.UTC().AppendText(b)
	if err != nil || !jsonindent.Plain(loc) {
		release(line)
		return nil, false
	}
	b = append(b, '"')
	if loc != "" {
		b = append(b, `,"location":"`...)
		b = append(b, loc...)
		b = append(b, '"')
	}
	if worker != 0 {
		b = append(b, `,"worker":`...)
		b = strconv.AppendInt(b, int64(worker), 10)
	}
	if scenario != nil {
		b = append(b, `,"scenario":`...)
		b = append(b, scenario...)
	}
	*line = append(b, "}\n"...)
	return line, true
}

// Note records a run-level remark.
func (w *Writer) Note(msg string, t time.Time) error {
	return w.write(Event{Kind: KindNote, Time: t, Note: msg})
}

func (w *Writer) write(ev Event) error {
	ev.Time = ev.Time.UTC()
	line, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("journal: encode %s event: %w", ev.Kind, err)
	}
	return w.writeLine(ev.Kind, append(line, '\n'))
}

// writeLine hands one whole line to the writer in a single Write call.
// After a failed write it writes nothing more.
func (w *Writer) writeLine(kind string, line []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case w.closed:
		return ErrClosed
	case w.failed != nil:
		return w.failed
	}
	if _, err := w.w.Write(line); err != nil {
		where := w.path
		var pe *fs.PathError
		if errors.As(err, &pe) { // the system's error, without the path it names
			err, where = pe.Err, cmp.Or(where, pe.Path)
		}
		if where != "" {
			where = " " + where
		}
		w.failed = fmt.Errorf("%s%s: %w (writing a %s event)", WriteFailed, where, err, kind)
		return w.failed
	}
	return nil
}

// Err is the first write that failed (its message starts WriteFailed), or
// nil.
func (w *Writer) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.failed
}

// Close stops the Writer and closes the file Create opened. Later writes
// return ErrClosed; closing again does nothing.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	if w.file == nil {
		return nil
	}
	return w.file.Close()
}
