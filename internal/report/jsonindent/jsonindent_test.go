package jsonindent

import (
	"bytes"
	"encoding/json"
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
