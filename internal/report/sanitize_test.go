package report

import "testing"

func TestClean(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"plain", "Then the basket holds 2 apples", "Then the basket holds 2 apples"},
		{"tab newline return kept", "a\tb\nc\rd", "a\tb\nc\rd"},
		{"C0 controls removed", "a\x00\x01\x08\x0b\x0c\x0e\x1fb", "ab"},
		{"DEL and C1 are valid XML", "a\x7f\u0085b", "a\x7f\u0085b"},
		{"invalid UTF-8 removed", "a\xffb\xc3c\xed\xa0\x80d", "abcd"},
		{"replacement character kept", "a\ufffdb", "a\ufffdb"},
		{"non-characters removed", "a\ufffeb\uffffc", "abc"},
		{"BMP edges", "\ud7ff\ue000", "\ud7ff\ue000"},
		{"astral kept", "\U00010000\U0010FFFF", "\U00010000\U0010FFFF"},
		{"colour codes removed whole", "\x1b[1;31mred\x1b[0m and \x1b[?25lcursor", "red and cursor"},
		{"lone escape removed", "a\x1bb", "ab"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clean(tt.in); got != tt.want {
				t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
