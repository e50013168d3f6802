package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// More of bbolt's file format version 2, after the constants of
// preflight.go: the meta page's root bucket page id; branch and leaf page
// elements (16 bytes each: pos, ksize and the child page id for a branch;
// flags, pos, ksize and vsize for a leaf), whose pos counts from the
// element itself; and a bucket's value, a bucket header (root page id and
// sequence) followed, for an inline bucket (root 0), by a page.
const (
	metaRootAt        = pageHeaderSize + 16
	elementSize       = 16
	branchPageFlag    = 0x01
	leafPageFlag      = 0x02
	bucketLeafFlag    = 0x01
	bucketHeaderSize  = 16
	maxOverflowChecks = 1 << 20
)

// errPages is the cause of every problem checkPages finds.
var errPages = errors.New("page tree is broken")

// checkPages walks bbolt's page tree of the transaction txid from the file
// at path with bounded reads, before bbolt's own consistency check walks
// it through the memory map: bbolt follows page ids and element offsets
// as they are, so a page pointing past the end of the file, an offset
// past the end of its page or a page reachable twice (a cycle) would
// fault or loop inside it. It returns the first such problem, or nil when
// bbolt may walk the file.
func checkPages(path string, pageSize int64, txid uint64, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if size > info.Size() {
		return fmt.Errorf("truncated to %d of %d bytes: %w", info.Size(), size, errPages)
	}
	w := &pageWalker{f: f, pageSize: pageSize, high: uint64(size / pageSize), seen: map[uint64]bool{}}
	meta := -1
	for i := range 2 {
		buf := make([]byte, metaTxidAt+8)
		if _, err := f.ReadAt(buf, int64(i)*pageSize); err == nil && binary.LittleEndian.Uint64(buf[metaTxidAt:]) == txid {
			meta = i
			w.seen[uint64(i)] = true
			if freelist := binary.LittleEndian.Uint64(buf[metaFreelistAt:]); freelist != noFreelist {
				if err := checkFreelist(f, pageSize, freelist, int64(w.high)); err != nil {
					return fmt.Errorf("freelist page %d: %v: %w", freelist, err, errPages)
				}
				w.seen[freelist] = true
			}
			w.stack = append(w.stack, binary.LittleEndian.Uint64(buf[metaRootAt:]))
		}
	}
	if meta < 0 {
		return fmt.Errorf("no meta page of transaction %d: %w", txid, errPages)
	}
	return w.walk()
}

// pageWalker is the state of checkPages: the pages still to visit and the
// pages visited.
type pageWalker struct {
	f        io.ReaderAt
	pageSize int64
	high     uint64 // the first page id past the transaction's pages
	stack    []uint64
	seen     map[uint64]bool
	buf      []byte
}

func (w *pageWalker) walk() error {
	for len(w.stack) > 0 {
		id := w.stack[len(w.stack)-1]
		w.stack = w.stack[:len(w.stack)-1]
		if err := w.visit(id); err != nil {
			return fmt.Errorf("page %d: %w: %w", id, err, errPages)
		}
	}
	return nil
}

// visit reads page id, checks it and puts the pages it points to on the
// stack.
func (w *pageWalker) visit(id uint64) error {
	if id < 2 || id >= w.high {
		return fmt.Errorf("outside the file's %d pages", w.high)
	}
	if w.seen[id] {
		return errors.New("reached twice")
	}
	w.seen[id] = true
	head := make([]byte, pageHeaderSize)
	if _, err := w.f.ReadAt(head, int64(id)*w.pageSize); err != nil {
		return err
	}
	if got := binary.LittleEndian.Uint64(head); got != id {
		return fmt.Errorf("its header says page %d", got)
	}
	overflow := uint64(binary.LittleEndian.Uint32(head[12:]))
	if overflow >= w.high-id || overflow > maxOverflowChecks {
		return fmt.Errorf("%d overflow pages run past the file's %d pages", overflow, w.high)
	}
	for i := uint64(1); i <= overflow; i++ {
		if w.seen[id+i] {
			return fmt.Errorf("overflow page %d reached twice", id+i)
		}
		w.seen[id+i] = true
	}
	n := int64(1+overflow) * w.pageSize
	if int64(cap(w.buf)) < n {
		w.buf = make([]byte, n)
	}
	page := w.buf[:n]
	if _, err := w.f.ReadAt(page, int64(id)*w.pageSize); err != nil {
		return err
	}
	return w.elements(page)
}

// elements checks the elements of page, a page read whole (or an inline
// bucket's page, as long as its value), and stacks the pages they name.
func (w *pageWalker) elements(page []byte) error {
	if len(page) < pageHeaderSize {
		return errors.New("shorter than a page header")
	}
	flags := binary.LittleEndian.Uint16(page[8:])
	count := int(binary.LittleEndian.Uint16(page[10:]))
	if flags != branchPageFlag && flags != leafPageFlag {
		return fmt.Errorf("flags %#x: neither a branch nor a leaf page", flags)
	}
	if flags == branchPageFlag && count == 0 {
		return errors.New("a branch page with no elements")
	}
	if pageHeaderSize+count*elementSize > len(page) {
		return fmt.Errorf("%d elements do not fit in %d bytes", count, len(page))
	}
	for i := range count {
		at := pageHeaderSize + i*elementSize
		e := page[at : at+elementSize]
		if flags == branchPageFlag {
			pos, ksize := int(binary.LittleEndian.Uint32(e)), int(binary.LittleEndian.Uint32(e[4:]))
			if at+pos+ksize > len(page) || pos < 0 || ksize < 0 {
				return fmt.Errorf("element %d: key past the end of the page", i)
			}
			w.stack = append(w.stack, binary.LittleEndian.Uint64(e[8:]))
			continue
		}
		eflags := binary.LittleEndian.Uint32(e)
		pos, ksize, vsize := int(binary.LittleEndian.Uint32(e[4:])), int(binary.LittleEndian.Uint32(e[8:])), int(binary.LittleEndian.Uint32(e[12:]))
		if pos < 0 || ksize < 0 || vsize < 0 || at+pos+ksize+vsize > len(page) {
			return fmt.Errorf("element %d: key or value past the end of the page", i)
		}
		if eflags&bucketLeafFlag == 0 {
			continue
		}
		value := page[at+pos+ksize : at+pos+ksize+vsize]
		if len(value) < bucketHeaderSize {
			return fmt.Errorf("element %d: a bucket of %d bytes", i, len(value))
		}
		if root := binary.LittleEndian.Uint64(value); root != 0 {
			w.stack = append(w.stack, root)
			continue
		}
		inline := value[bucketHeaderSize:]
		if len(inline) >= pageHeaderSize && binary.LittleEndian.Uint16(inline[8:]) != leafPageFlag {
			return fmt.Errorf("element %d: an inline bucket that is not a leaf page", i)
		}
		if err := w.elements(inline); err != nil {
			return fmt.Errorf("element %d: inline bucket: %w", i, err)
		}
	}
	return nil
}
