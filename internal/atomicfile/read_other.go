//go:build !unix

package atomicfile

// openNonblocking is 0 where named pipes are not files in the file system.
const openNonblocking = 0
