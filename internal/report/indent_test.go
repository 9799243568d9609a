package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/mushbdd/mush/internal/sample"
)

// checkIndent compares appendIndent with json.Indent on compact JSON.
func checkIndent(t *testing.T, src []byte) {
	t.Helper()
	for _, layout := range [][2]string{{"", "  "}, {"    ", "  "}, {"    ", "    "}, {">", "\t"}} {
		var want bytes.Buffer
		if err := json.Indent(&want, src, layout[0], layout[1]); err != nil {
			t.Fatal(err)
		}
		got := appendIndent([]byte("kept "), src, layout[0], layout[1])
		if string(got) != "kept "+want.String() {
			t.Fatalf("appendIndent(%q, %q) of %s:\n%s\njson.Indent:\n%s", layout[0], layout[1], src, got, want.Bytes())
		}
	}
}

func TestAppendIndent(t *testing.T) {
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

func FuzzAppendIndent(f *testing.F) {
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
