//go:build !unix

package atomicfile

// openNonblocking is 0 where named pipes are not files in the file system.
const openNonblocking = 0

// openNoFollow is 0 where the system has no such flag; Create still checks
// the path before it opens it.
const openNoFollow = 0
