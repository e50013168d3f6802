package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// bucketList holds, for every document, the part of its record that the
// document list shows (format version 5): docID → list entry. The docs
// bucket stays the document's record; this one repeats what a list of
// every document reads, packed small, so that listing a large project
// reads a few bytes a document and decodes no JSON.
var bucketList = []byte("list")

// listVersion is the first byte of every list entry this build writes.
const listVersion = 1

// encodeListEntry packs the list's part of a document record: the
// version byte, the code point, span and relation counts (uvarints), the
// status's length (uvarint) and the status, and the title to the end.
func encodeListEntry(r docRecord) []byte {
	b := make([]byte, 0, 1+4*binary.MaxVarintLen32+len(r.Status)+len(r.Title))
	b = append(b, listVersion)
	b = binary.AppendUvarint(b, uint64(r.Runes))
	b = binary.AppendUvarint(b, uint64(r.Spans))
	b = binary.AppendUvarint(b, uint64(r.Relations))
	b = binary.AppendUvarint(b, uint64(len(r.Status)))
	b = append(b, r.Status...)
	return append(b, r.Title...)
}

// listView is a list entry as read: its title and status are slices of
// the entry, valid while the transaction it came from is.
type listView struct {
	title, status           []byte
	runes, spans, relations int
}

// viewListEntry unpacks list entry v.
func viewListEntry(v []byte) (listView, error) {
	bad := func(what string) (listView, error) {
		return listView{}, fmt.Errorf("%w: list entry: %s", errRecord, what)
	}
	if len(v) == 0 || v[0] != listVersion {
		return bad("unknown version")
	}
	v = v[1:]
	var counts [4]uint64
	for i := range counts {
		n, size := binary.Uvarint(v)
		if size <= 0 || n > 1<<40 {
			return bad("bad count")
		}
		counts[i], v = n, v[size:]
	}
	if counts[3] > uint64(len(v)) {
		return bad("status past its end")
	}
	return listView{
		title: v[counts[3]:], status: v[:counts[3]],
		runes: int(counts[0]), spans: int(counts[1]), relations: int(counts[2]),
	}, nil
}

// viewDocRecord reads the list's part of document record v, for a file
// from before the list bucket.
func viewDocRecord(v []byte) (listView, error) {
	var r listRecord
	if err := decode(v, &r, &r.V); err != nil {
		return listView{}, err
	}
	return listView{
		title: []byte(r.Title), status: []byte(r.Status),
		runes: r.Runes, spans: r.Spans, relations: r.Relations,
	}, nil
}

// putListEntry writes document id's list entry from its record.
func putListEntry(tx *bolt.Tx, id uint64, r docRecord) error {
	return tx.Bucket(bucketList).Put(idKey(id), encodeListEntry(r))
}

// shows reports whether list entry e shows what record r holds.
func (e listView) shows(r docRecord) bool {
	return string(e.title) == r.Title && string(e.status) == r.Status && e.runes == r.Runes &&
		e.spans == r.Spans && e.relations == r.Relations
}

// addList is the upgrade to format version 5: the list bucket, filled from
// the document records.
func addList(tx *bolt.Tx) error {
	if tx.Bucket(bucketList) != nil {
		if err := tx.DeleteBucket(bucketList); err != nil {
			return err
		}
	}
	list, err := tx.CreateBucket(bucketList)
	if err != nil {
		return err
	}
	list.FillPercent = appendFill
	return tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
		if len(k) != 8 {
			return fmt.Errorf("document key %x: %w", k, errRecord)
		}
		r, err := decodeDoc(v)
		if err != nil {
			return fmt.Errorf("document %d: %w", bigEndian(k), err)
		}
		return list.Put(k, encodeListEntry(r))
	})
}
