// Package hostilefile makes, for tests, the paths a hostile user can give
// mush where it expects a file: a named pipe nothing writes to, devices
// that never end (/dev/zero, /dev/full) behind symbolic links, a
// directory. It is test support, imported only by tests and the
// specification's steps.
package hostilefile

import (
	"os"
	"path/filepath"
	"testing"
)

// Create creates in dir every hostile path this system can have, each
// named with the extension ext (".feature", ".txt"): "pipe"+ext,
// "zero"+ext, "full"+ext and "dir"+ext. It returns them by description:
// "a named pipe", "a link to /dev/zero", "a link to /dev/full", "a
// directory".
func Create(dir, ext string) (map[string]string, error) {
	paths := map[string]string{"a directory": filepath.Join(dir, "dir"+ext)}
	if err := os.MkdirAll(paths["a directory"], 0o755); err != nil {
		return nil, err
	}
	for _, dev := range []string{"zero", "full"} {
		if _, err := os.Stat("/dev/" + dev); err != nil {
			continue
		}
		link := filepath.Join(dir, dev+ext)
		if err := os.Symlink("/dev/"+dev, link); err != nil {
			return nil, err
		}
		paths["a link to /dev/"+dev] = link
	}
	pipe := filepath.Join(dir, "pipe"+ext)
	made, err := mkfifo(pipe)
	if err != nil {
		return nil, err
	}
	if made {
		paths["a named pipe"] = pipe
	}
	return paths, nil
}

// Make is Create for a test: it fails t on an error.
func Make(t testing.TB, dir, ext string) map[string]string {
	t.Helper()
	paths, err := Create(dir, ext)
	if err != nil {
		t.Fatal(err)
	}
	return paths
}
