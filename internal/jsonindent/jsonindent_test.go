package jsonindent

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/sample"
)

// checkIndent compares Append with json.Indent on compact JSON.
func checkIndent(t *testing.T, src []byte) {
	t.Helper()
	for _, layout := range [][2]string{{"", "  "}, {"    ", "  "}, {"    ", "    "}, {">", "\t"}} {
		var want bytes.Buffer
		if err := json.Indent(&want, src, layout[0], layout[1]); err != nil {
			t.Fatal(err)
		}
		got := Append([]byte("kept "), src, layout[0], layout[1])
		if string(got) != "kept "+want.String() {
			t.Fatalf("Append(%q, %q) of %s:\n%s\njson.Indent:\n%s", layout[0], layout[1], src, got, want.Bytes())
		}
	}
}

func TestAppend(t *testing.T) {
	docs := []string{
		`{}`, `[]`, `""`, `0`, `null`, `[[],{},[{}],{"a":[]}]`,
		`{"a":{"b":{"c":[1,-2.5e-7,true,false,null]}}}`,
		`["{[,:]}","\"","\\","\\\"","a\\\\","\u003c\u0026\u2028\n\t\u0000"]`,
		`{"\"{":"}\"",":":",","\\":{"":[""]}}`,
	}
	for _, s := range sample.Run().Scenarios {
		b, err := s.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(b))
	}
	for _, doc := range docs {
		checkIndent(t, []byte(doc))
	}
}

func FuzzAppend(f *testing.F) {
	for _, seed := range []string{`{"a":[1,{},[]],"b":"x\"y\\"}`, `[ "a" , { "b" : null } ]`, `"\\\""`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		if !json.Valid(doc) {
			return
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, doc); err != nil {
			t.Fatal(err)
		}
		checkIndent(t, compact.Bytes())
	})
}

// BenchmarkIndent indents a scenario record as results.json does, with
// json.Indent and with Append, side by side.
func BenchmarkIndent(b *testing.B) {
	src, err := sample.Run().Scenarios[0].MarshalJSON()
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.Run("json.Indent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			if err := json.Indent(&buf, src, "    ", "  "); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Append", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			buf.Grow(2 * len(src))
			buf.Write(Append(buf.AvailableBuffer(), src, "    ", "  "))
		}
	})
}

// A List written an element at a time gives json.Indent's layout of the
// whole list, at any depth, empty or not.
func TestList(t *testing.T) {
	elems := []string{`{"a":[1,{"b":"x,y"}],"c":{}}`, `[]`, `"s"`, `{"d":[[]]}`}
	for _, indent := range []string{"  ", " ", "    ", "\t"} {
		for depth := range 3 {
			for n := range len(elems) + 1 {
				doc := "[" + strings.Join(elems[:n], ",") + "]"
				for range depth { // the list as the only value of depth objects
					doc = `{"k":` + doc + `}`
				}
				var want bytes.Buffer
				if err := json.Indent(&want, []byte(doc), "", indent); err != nil {
					t.Fatal(err)
				}
				var got bytes.Buffer
				for d := range depth {
					got.WriteString("{\n" + strings.Repeat(indent, d+1) + `"k": `)
				}
				l := NewList(&got, indent, depth)
				for _, e := range elems[:n] {
					if err := l.Add([]byte(e)); err != nil {
						t.Fatal(err)
					}
				}
				if err := l.Close(); err != nil {
					t.Fatal(err)
				}
				for d := depth - 1; d >= 0; d-- {
					got.WriteString("\n" + strings.Repeat(indent, d) + "}")
				}
				if got.String() != want.String() {
					t.Errorf("indent %q, depth %d, %d elements:\ngot:\n%s\nwant:\n%s", indent, depth, n, got.String(), want.String())
				}
			}
		}
	}
}

type failingWriter struct{ n int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if f.n--; f.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

// The first write error is returned by every later call.
func TestListKeepsTheFirstError(t *testing.T) {
	l := NewList(&failingWriter{n: 1}, " ", 0)
	if err := l.Add([]byte(`1`)); err != nil {
		t.Fatalf("first add: %v", err)
	}
	if err := l.Add([]byte(`2`)); err == nil {
		t.Fatal("second add: no error")
	}
	if err := l.Close(); err == nil || err.Error() != "disk full" {
		t.Fatalf("close: %v", err)
	}
}

// A string Plain passes is one json.Marshal writes as it is; the
// printable ASCII that needs no escape passes.
func TestPlain(t *testing.T) {
	for _, tc := range []struct {
		s     string
		plain bool
	}{
		{"", true}, {"features/a.feature:12", true}, {"a b~!", true},
		{"a\"b", false}, {`a\b`, false}, {"<a>", false}, {"a&b", false}, {"tab\t", false},
		{"\x7f", false}, {"ünï", false}, {"\u2028", false}, {"\xff", false},
	} {
		b, err := json.Marshal(tc.s)
		if err != nil {
			t.Fatal(err)
		}
		if got := Plain(tc.s); got != tc.plain || got && string(b) != `"`+tc.s+`"` {
			t.Errorf("Plain(%q) = %v, want %v; json.Marshal writes %s", tc.s, got, tc.plain, b)
		}
	}
}
