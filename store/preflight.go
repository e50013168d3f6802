package store

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"

	bolt "go.etcd.io/bbolt"
)

// Where bbolt keeps things, in its file format version 2: every page
// starts with a 16-byte header (id uint64, flags uint16, count uint16,
// overflow uint32); a meta page's body holds magic, version, page size and
// flags (uint32 each), the root bucket (two uint64), then the freelist
// page id, the high-water page id and the transaction id (uint64 each).
// Numbers are in the machine's byte order; every platform Alama builds for
// is little-endian.
const (
	pageHeaderSize   = 16
	metaFreelistAt   = pageHeaderSize + 32
	metaTxidAt       = metaFreelistAt + 16
	freelistPageFlag = 0x10
	noFreelist       = ^uint64(0)
)

// preflight checks, through a read-only open, what a read-write open of
// bbolt reads before it returns: that the file is as long as its meta page
// says and that the freelist is a well-formed freelist page. bbolt panics
// on a bad freelist after mapping the file, and that mapping keeps the
// file's lock until the process ends; checking first keeps a damaged file
// from staying locked in a process that goes on running.
func preflight(db *bolt.DB, path string) error {
	return protect(path, func() error {
		return db.View(func(tx *bolt.Tx) error {
			f, err := os.Open(path)
			if err != nil {
				return fmt.Errorf("open project: %w", err)
			}
			defer f.Close()
			info, err := f.Stat()
			if err != nil {
				return fmt.Errorf("open project: %w", err)
			}
			if tx.Size() > info.Size() {
				return newFileError([]error{ErrDamaged}, "project %s is damaged: truncated to %d of %d bytes", path, info.Size(), tx.Size())
			}
			pageSize := int64(db.Info().PageSize)
			high := tx.Size() / pageSize
			freelist, err := currentFreelist(f, pageSize, uint64(tx.ID()))
			if err != nil {
				return newFileError([]error{ErrDamaged}, "project %s is damaged: %v", path, err)
			}
			if freelist == noFreelist {
				return nil
			}
			if err := checkFreelist(f, pageSize, freelist, high); err != nil {
				return newFileError([]error{ErrDamaged}, "project %s is damaged: freelist page %d: %v", path, freelist, err)
			}
			return nil
		})
	})
}

// currentFreelist returns the freelist page id of the meta page of
// transaction txid.
func currentFreelist(f io.ReaderAt, pageSize int64, txid uint64) (uint64, error) {
	for i := range int64(2) {
		buf := make([]byte, metaTxidAt+8)
		if _, err := f.ReadAt(buf, i*pageSize); err != nil {
			continue
		}
		if binary.LittleEndian.Uint64(buf[metaTxidAt:]) == txid {
			return binary.LittleEndian.Uint64(buf[metaFreelistAt:]), nil
		}
	}
	return 0, fmt.Errorf("no meta page of transaction %d", txid)
}

// checkFreelist checks that page id is a freelist page whose entries fit
// in it and name pages below high.
func checkFreelist(f io.ReaderAt, pageSize int64, id uint64, high int64) error {
	if id < 2 || int64(id) >= high {
		return fmt.Errorf("outside the file's %d pages", high)
	}
	head := make([]byte, pageHeaderSize+8)
	if _, err := f.ReadAt(head, int64(id)*pageSize); err != nil {
		return err
	}
	flags := binary.LittleEndian.Uint16(head[8:])
	overflow := int64(binary.LittleEndian.Uint32(head[12:]))
	if binary.LittleEndian.Uint64(head) != id || flags != freelistPageFlag {
		return fmt.Errorf("not a freelist page (id %d, flags %#x)", binary.LittleEndian.Uint64(head), flags)
	}
	if int64(id)+overflow >= high {
		return fmt.Errorf("runs past the file's %d pages", high)
	}
	count := int64(binary.LittleEndian.Uint16(head[10:]))
	at := int64(id)*pageSize + pageHeaderSize
	if count == 0xFFFF { // the real count is the first entry
		count = int64(binary.LittleEndian.Uint64(head[pageHeaderSize:]))
		at += 8
	}
	if pageHeaderSize+8+count*8 > (1+overflow)*pageSize {
		return fmt.Errorf("%d entries do not fit in %d pages", count, 1+overflow)
	}
	ids := make([]byte, count*8)
	if _, err := f.ReadAt(ids, at); err != nil {
		return err
	}
	for i := range count {
		if p := int64(binary.LittleEndian.Uint64(ids[i*8:])); p < 2 || p >= high {
			return fmt.Errorf("free page %d outside the file's %d pages", p, high)
		}
	}
	return nil
}
