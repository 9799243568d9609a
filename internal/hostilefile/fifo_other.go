//go:build !unix

package hostilefile

// mkfifo makes nothing where named pipes are not in the file system.
func mkfifo(string) (bool, error) { return false, nil }
