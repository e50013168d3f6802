package store

import (
	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"
)

// releaseMapped tells the kernel that the process no longer needs the pages
// of the project file it has mapped. bbolt reads through a read-only shared
// mapping, and the kernel maps the cached pages around each one read, so a
// scan of the document list on a warm cache would leave most of a large
// file counted in the window's resident memory. The pages stay in the page
// cache, and a later read maps them again from it, so nothing is lost.
//
// It must run inside tx: bbolt remaps the file only when no read
// transaction is open, so the mapping cannot move underneath the call. The
// call is advice, and its error is of no use to the caller.
func releaseMapped(tx *bolt.Tx) {
	data := tx.DB().Info().Data
	_, _, _ = unix.Syscall(unix.SYS_MADVISE, data, uintptr(tx.Size()), unix.MADV_DONTNEED)
}
