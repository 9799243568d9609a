package exitcode

import (
	"errors"
	"fmt"
	"testing"
)

func TestCode(t *testing.T) {
	for _, tc := range []struct {
		name     string
		err      error
		code     int
		reported bool
		msg      string
	}{
		{"nil", nil, OK, false, ""},
		{"plain error", errors.New("boom"), Failed, false, "boom"},
		{"misuse", Misusef("BDD_X=%q: bad", "y"), Misuse, false, `BDD_X="y": bad`},
		{"wrapped", fmt.Errorf("target: %w", New(Coverage, "low")), Coverage, false, "target: low"},
		{"silent", Silent(Timeout), Timeout, true, "exit status 5"},
	} {
		if got := Code(tc.err); got != tc.code {
			t.Errorf("%s: Code = %d, want %d", tc.name, got, tc.code)
		}
		if got := IsReported(tc.err); got != tc.reported {
			t.Errorf("%s: IsReported = %v, want %v", tc.name, got, tc.reported)
		}
		if tc.err != nil && tc.err.Error() != tc.msg {
			t.Errorf("%s: message %q, want %q", tc.name, tc.err.Error(), tc.msg)
		}
	}
	if Silent(OK) != nil {
		t.Error("Silent(OK) should be nil")
	}
	inner := errors.New("inner")
	if e := (&Error{Code: 1, Err: inner}); !errors.Is(e, inner) {
		t.Error("Error should unwrap")
	}
	// Mage reads the code of a target's error through this interface.
	var mage interface{ ExitStatus() int } = &Error{Code: Coverage}
	if mage.ExitStatus() != Coverage {
		t.Errorf("ExitStatus = %d, want %d", mage.ExitStatus(), Coverage)
	}
}
