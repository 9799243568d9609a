package schedule

import (
	"bufio"
	"encoding/json"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"

	"github.com/mushbdd/mush/internal/jsonindent"
)

// A history file is JSON as json.Encoder writes it with a two-space indent
// (keys sorted). It is written here, and read here unless something in it
// needs encoding/json, without encoding/json's reflection: at 20,000
// scenarios a save takes a third of the Encoder's time and a load about
// as much of json.Unmarshal's (BenchmarkHistory).

// write writes f as json.Encoder with a two-space indent does, an entry at
// a time: the Encoder builds the whole file twice (compact, then indented)
// and keeps its buffer in encoding/json's pool, the peak of a large run
// (docs/design.md, "Memory at 20,000 scenarios").
func (f historyFile) write(w io.Writer) error {
	e := jsonWriter{w: bufio.NewWriter(w)}
	e.raw("{\n  \"version\": " + strconv.Itoa(f.Version) + ",\n  \"scenarios\": ")
	keys := writeMap(&e, f.Scenarios, "  ", nil, e.float)
	if len(f.CPU) > 0 {
		e.raw(",\n  \"cpu\": ")
		writeMap(&e, f.CPU, "  ", keys, e.float)
	}
	if f.Last.Order != "" || f.Last.Passed != nil {
		e.raw(",\n  \"last\": {")
		fields := 0
		field := func(name string) {
			if fields++; fields > 1 {
				e.raw(",")
			}
			e.raw("\n    \"" + name + "\": ")
		}
		if f.Last.Order != "" {
			field("order")
			e.str(f.Last.Order)
		}
		if len(f.Last.Passed) > 0 {
			field("passed")
			writeMap(&e, f.Last.Passed, "    ", keys, e.boolean)
		}
		if fields > 0 {
			e.raw("\n  ")
		}
		e.raw("}")
	}
	e.raw("\n}\n")
	if e.err != nil {
		return e.err
	}
	return e.w.Flush()
}

// jsonWriter writes JSON a value at a time; err is the first value that
// does not encode (a NaN), the writer's own error is bufio's.
type jsonWriter struct {
	w   *bufio.Writer
	buf []byte
	err error
}

func (e *jsonWriter) raw(s string) { e.w.WriteString(s) }

// str, float and boolean write a value as json.Marshal does, plain
// strings and floats without an exponent without it (a third of the time
// at 20,000 scenarios: BenchmarkHistory).
func (e *jsonWriter) str(s string) {
	if !jsonindent.Plain(s) {
		e.marshal(s)
		return
	}
	e.w.WriteByte('"')
	e.w.WriteString(s)
	e.w.WriteByte('"')
}

func (e *jsonWriter) float(v float64) {
	if a := math.Abs(v); a != 0 && (a < 1e-6 || a >= 1e21) || math.IsNaN(v) {
		e.marshal(v)
		return
	}
	e.buf = strconv.AppendFloat(e.buf[:0], v, 'f', -1, 64)
	e.w.Write(e.buf)
}

func (e *jsonWriter) boolean(v bool) {
	e.w.WriteString(strconv.FormatBool(v))
}

func (e *jsonWriter) marshal(v any) {
	b, err := json.Marshal(v)
	if e.err == nil {
		e.err = err
	}
	e.w.Write(b)
}

// writeMap writes m as encoding/json indents it at indent, keys sorted,
// each value with put. sorted, when it holds every key of m, spares the
// sort (the CPU times and the passed scenarios are the scenarios').
func writeMap[V any](e *jsonWriter, m map[string]V, indent string, sorted []string, put func(V)) []string {
	switch {
	case m == nil:
		e.raw("null")
		return nil
	case len(m) == 0:
		e.raw("{}")
		return nil
	}
	keys := make([]string, 0, len(m))
	for _, k := range sorted {
		if _, ok := m[k]; ok {
			keys = append(keys, k)
		}
	}
	if len(keys) != len(m) {
		keys = slices.Sorted(maps.Keys(m))
	}
	first, next := "{\n  "+indent, ",\n  "+indent
	for i, k := range keys {
		if i == 0 {
			e.raw(first)
		} else {
			e.raw(next)
		}
		e.str(k)
		e.raw(": ")
		put(m[k])
	}
	e.raw("\n" + indent + "}")
	return keys
}

// decodeFast reads a history file as Save writes it, whatever its
// whitespace and order, five times faster than encoding/json (at 20,000
// scenarios: BenchmarkHistory); ok is false for anything else (an escape
// or a character beyond ASCII in a string, a null, another field), which
// encoding/json reads. Whatever it reads, it reads as encoding/json does
// (FuzzDecodeFast).
func decodeFast(b []byte) (f historyFile, ok bool) {
	d := &decoder{b: b}
	ok = d.object(func(field string) bool {
		switch field {
		case "version":
			n, err := strconv.Atoi(string(d.number())) // an int: no fraction or exponent
			f.Version = n
			return err == nil
		case "scenarios":
			return times(d, &f.Scenarios)
		case "cpu":
			return times(d, &f.CPU)
		case "last":
			return d.object(func(field string) (ok bool) {
				switch field {
				case "order":
					f.Last.Order, ok = d.str()
				case "passed":
					if f.Last.Passed == nil {
						f.Last.Passed = map[string]bool{}
					}
					ok = d.object(func(key string) bool {
						v, ok := d.boolean()
						f.Last.Passed[key] = v
						return ok
					})
				}
				return ok
			})
		}
		return false
	})
	d.space()
	return f, ok && d.i == len(b)
}

// times reads an object of numbers into m, which it makes when nil.
func times[M ~map[string]float64](d *decoder, m *M) bool {
	if *m == nil {
		*m = M{}
	}
	return d.object(func(key string) bool {
		v, err := strconv.ParseFloat(string(d.number()), 64)
		(*m)[key] = v
		return err == nil
	})
}

// decoder reads the JSON of a history file at b[i:].
type decoder struct {
	b []byte
	i int
}

func (d *decoder) space() {
	for d.i < len(d.b) && (d.b[d.i] == ' ' || d.b[d.i] == '\n' || d.b[d.i] == '\t' || d.b[d.i] == '\r') {
		d.i++
	}
}

// take skips the space before c and takes c if it comes next.
func (d *decoder) take(c byte) bool {
	d.space()
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// object reads an object, member reading each key's value.
func (d *decoder) object(member func(key string) bool) bool {
	if !d.take('{') {
		return false
	}
	if d.take('}') {
		return true
	}
	for {
		key, ok := d.str()
		if !ok || !d.take(':') || !member(key) {
			return false
		}
		if d.take('}') {
			return true
		}
		if !d.take(',') {
			return false
		}
	}
}

// str reads a string of printable ASCII without escapes.
func (d *decoder) str() (string, bool) {
	if !d.take('"') {
		return "", false
	}
	for j := d.i; j < len(d.b); j++ {
		switch c := d.b[j]; {
		case c == '"':
			s := string(d.b[d.i:j])
			d.i = j + 1
			return s, true
		case c < 0x20 || c >= 0x7f || c == '\\':
			return "", false
		}
	}
	return "", false
}

// number reads a number as JSON writes it; empty when there is none.
func (d *decoder) number() []byte {
	d.space()
	start := d.i
	d.take('-')
	if !d.digits(true) {
		return nil
	}
	if d.next('.') && !d.digits(false) {
		return nil
	}
	if d.next('e') || d.next('E') {
		_ = d.next('+') || d.next('-')
		if !d.digits(false) {
			return nil
		}
	}
	return d.b[start:d.i]
}

// next takes c if it comes next, without space before it.
func (d *decoder) next(c byte) bool {
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// digits takes one digit or more; with integer, a 0 alone or a number
// that does not start with 0.
func (d *decoder) digits(integer bool) bool {
	start := d.i
	for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
		d.i++
		if integer && d.b[start] == '0' {
			break
		}
	}
	return d.i > start
}

func (d *decoder) boolean() (bool, bool) {
	d.space()
	for _, lit := range []string{"true", "false"} {
		if end := d.i + len(lit); end <= len(d.b) && string(d.b[d.i:end]) == lit {
			d.i = end
			return lit == "true", true
		}
	}
	return false, false
}
