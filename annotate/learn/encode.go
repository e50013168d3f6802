package learn

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
)

// Version is the model format Encode writes and Decode reads.
const Version = 1

// magic starts every encoded model.
const magic = "ALAMA-TAGGER\n"

// ErrModel marks an encoded model that cannot be read: damaged, or from
// another format version.
var ErrModel = errors.New("unreadable model")

// header is the JSON part of an encoded model.
type header struct {
	Version   int       `json:"version"`
	Labels    []string  `json:"labels"`
	Info      Info      `json:"info"`
	Tau       float64   `json:"tau"`
	Gazetteer []gazTerm `json:"gazetteer"`
}

// Encode writes the model: the magic line, a little-endian uint32 version,
// the length and bytes of a JSON header (labels, what it was trained on,
// the confidence scale, the gazetteer), the feature weights (per feature:
// uint64 hash, uint16 count, then count × (uint16 tag, float32 weight)),
// the transition and end weights as float32, and a CRC-32 (IEEE) of all
// that came before.
func (m *Model) Encode(w io.Writer) error {
	var buf bytes.Buffer
	buf.WriteString(magic)
	le := binary.LittleEndian
	buf.Write(le.AppendUint32(nil, Version))
	h, err := json.Marshal(header{Version: Version, Labels: m.Labels, Info: m.Info, Tau: m.tau, Gazetteer: m.gaz.list()})
	if err != nil {
		return fmt.Errorf("encode model: %w", err)
	}
	b := le.AppendUint32(nil, uint32(len(h)))
	b = append(b, h...)
	b = le.AppendUint32(b, uint32(len(m.rows)))
	for r, row := range m.rows {
		b = le.AppendUint64(b, m.hashes[r])
		b = le.AppendUint16(b, uint16(len(row)))
		for _, x := range row {
			b = le.AppendUint16(b, x.tag)
			b = le.AppendUint32(b, math.Float32bits(x.w))
		}
	}
	for _, x := range m.trans {
		b = le.AppendUint32(b, math.Float32bits(float32(x)))
	}
	for _, x := range m.end {
		b = le.AppendUint32(b, math.Float32bits(float32(x)))
	}
	buf.Write(b)
	buf.Write(le.AppendUint32(nil, crc32.ChecksumIEEE(buf.Bytes())))
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("encode model: %w", err)
	}
	return nil
}

// MarshalBinary returns the model as Encode writes it.
func (m *Model) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	err := m.Encode(&b)
	return b.Bytes(), err
}

// Decode reads a model written by Encode. Errors wrap ErrModel.
func Decode(data []byte) (*Model, error) {
	bad := func(why string) error { return fmt.Errorf("decode model: %s: %w", why, ErrModel) }
	if len(data) < len(magic)+12 || string(data[:len(magic)]) != magic {
		return nil, bad("not an Alama model")
	}
	le := binary.LittleEndian
	body, sum := data[:len(data)-4], le.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, bad("checksum mismatch")
	}
	r := bufio.NewReader(bytes.NewReader(body[len(magic):]))
	var u32 uint32
	read := func(v any) error { return binary.Read(r, le, v) }
	if err := read(&u32); err != nil {
		return nil, bad("truncated")
	}
	if u32 != Version {
		return nil, bad(fmt.Sprintf("format version %d, this Alama reads %d", u32, Version))
	}
	if err := read(&u32); err != nil || int(u32) > len(body) {
		return nil, bad("truncated header")
	}
	hb := make([]byte, u32)
	if _, err := io.ReadFull(r, hb); err != nil {
		return nil, bad("truncated header")
	}
	var h header
	if err := json.Unmarshal(hb, &h); err != nil {
		return nil, bad("header: " + err.Error())
	}
	if len(h.Labels) == 0 || len(h.Labels) > MaxLabels || !(h.Tau > 0) {
		return nil, bad("header: no labels or no confidence scale")
	}
	m := &Model{Labels: h.Labels, Info: h.Info, tau: h.Tau, ts: newTagset(h.Labels), gaz: gazetteerOf(h.Gazetteer), ids: map[uint64]int32{}}
	n := m.ts.n
	if err := read(&u32); err != nil || int(u32) > len(body)/10 {
		return nil, bad("truncated weights")
	}
	m.rows = make([][]weight, u32)
	m.hashes = make([]uint64, u32)
	for i := range m.rows {
		var fh uint64
		var cnt uint16
		if read(&fh) != nil || read(&cnt) != nil {
			return nil, bad("truncated weights")
		}
		raw := make([]uint16, 3*int(cnt))
		if read(raw) != nil {
			return nil, bad("truncated weights")
		}
		row := make([]weight, cnt)
		for j := range row {
			row[j] = weight{tag: raw[3*j], w: math.Float32frombits(uint32(raw[3*j+1]) | uint32(raw[3*j+2])<<16)}
			if int(row[j].tag) >= n {
				return nil, bad("weight of an unknown tag")
			}
		}
		m.hashes[i], m.rows[i] = fh, row
		m.ids[fh] = int32(i)
	}
	fl := make([]float32, (n+1)*n+n)
	if read(fl) != nil {
		return nil, bad("truncated transitions")
	}
	if _, err := r.ReadByte(); err != io.EOF {
		return nil, bad("trailing bytes")
	}
	m.trans = make([]float64, (n+1)*n)
	m.end = make([]float64, n)
	for i := range m.trans {
		m.trans[i] = float64(fl[i])
	}
	for i := range m.end {
		m.end[i] = float64(fl[(n+1)*n+i])
	}
	return m, nil
}
