package tailbuf

import (
	"strings"
	"sync"
	"testing"
)

func TestBuffer(t *testing.T) {
	for _, tc := range []struct {
		name   string
		max    int
		writes []string
		want   string
	}{
		{"short", 10, []string{"ab", "cd"}, "abcd"},
		{"cut at a line start", 8, []string{"line1\n", "line2\n", "xy"}, "xy"},
		{"cut without newline", 4, []string{"abcdef", "gh"}, "efgh"},
		{"trimmed often", 3, []string{"a\n", "b\n", "c\n", "d\n", "e\n"}, "e\n"},
	} {
		b := &Buffer{Max: tc.max}
		for _, w := range tc.writes {
			if n, err := b.Write([]byte(w)); n != len(w) || err != nil {
				t.Fatalf("%s: Write = %d, %v", tc.name, n, err)
			}
		}
		if got := b.String(); got != tc.want {
			t.Errorf("%s: String = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestBufferConcurrent(t *testing.T) {
	b := &Buffer{Max: 1 << 10}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				b.Write([]byte("0123456789\n"))
			}
		}()
	}
	wg.Wait()
	if s := b.String(); len(s) > 1<<10 || !strings.HasSuffix(s, "0123456789\n") {
		t.Fatalf("String = %d bytes ending %q", len(s), s[len(s)-11:])
	}
}
