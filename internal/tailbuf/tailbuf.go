// Package tailbuf keeps the end of a stream: the last lines a child process
// wrote, for the report of a crash or a failed benchmark run.
package tailbuf

import (
	"bytes"
	"sync"
)

// Buffer is an io.Writer that keeps about the last Max bytes written to it
// (up to twice that between trims). It is safe for concurrent use.
type Buffer struct {
	Max int
	mu  sync.Mutex
	buf []byte
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) > 2*b.Max {
		b.buf = append([]byte(nil), b.buf[len(b.buf)-b.Max:]...)
	}
	return len(p), nil
}

// String returns the last Max bytes; when older output was dropped, from
// the first complete line on.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.buf
	if len(s) > b.Max {
		s = s[len(s)-b.Max:]
		if i := bytes.IndexByte(s, '\n'); i >= 0 {
			s = s[i+1:]
		}
	}
	return string(s)
}
