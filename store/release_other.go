//go:build !linux

package store

import bolt "go.etcd.io/bbolt"

// releaseMapped does nothing where the mapped pages of a scan are not
// released; see the Linux version.
func releaseMapped(*bolt.Tx) {}
