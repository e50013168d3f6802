package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Text is the format name of a plain-text article: ImportOptions.Format
// set to Text reads a file as one article whatever it looks like.
const Text = "text"

// Confidence says what a Detection rests on.
type Confidence int

// The confidences of a Detection, weakest first.
const (
	// ByName rests on the file name's extension; the content did not
	// contradict it but did not confirm it either.
	ByName Confidence = iota + 1
	// ByContent rests on the first records, which parse as the format.
	ByContent
	// ByMagic rests on a signature only the format has (Parquet's PAR1, the
	// WebAnno TSV header line).
	ByMagic
)

// String names the confidence in the words the command line prints.
func (c Confidence) String() string {
	switch c {
	case ByName:
		return "by name"
	case ByContent:
		return "by content"
	case ByMagic:
		return "by signature"
	}
	return "unknown"
}

// Detection is what Sniff found out about a file.
type Detection struct {
	Format     string
	Confidence Confidence
}

// LookalikeError refuses to guess: a file whose name says one kind (a
// .txt article, say) but whose content looks like Format. The caller should
// ask for the format to be named (ImportOptions.Format, -format).
type LookalikeError struct {
	Format string // what the content looks like
	Line   int    // 1-based line that shows it
	Why    string // what was seen there
}

func (e *LookalikeError) Error() string {
	return fmt.Sprintf("looks like %s (line %d: %s), not a plain article: name the format to import it (-format %s, or -format %s to take it as an article)",
		e.Format, e.Line, e.Why, e.Format, Text)
}

// Unwrap makes the error an ErrFormat.
func (e *LookalikeError) Unwrap() error { return ErrFormat }

// sniffHead is how much of a file Sniff reads at first; a JSON-lines file
// is read on to the end of its first record, however long.
const sniffHead = 64 << 10

// sniffRecords is how many JSON lines Sniff compares at most.
const sniffRecords = 5

// DetectFile names the format of the file at path (see Sniff).
func DetectFile(path string) (string, error) {
	d, err := SniffFile(path)
	return d.Format, err
}

// SniffFile detects the format of the file at path from its name and its
// content: its first 64 KiB and, for JSON lines, at least its whole first
// record, however long (see Sniff).
func SniffFile(path string) (Detection, error) {
	f, err := os.Open(path)
	if err != nil {
		return Detection{}, fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	head, err := readHead(f)
	if err != nil {
		return Detection{}, fmt.Errorf("import: %s: %w", path, err)
	}
	return Sniff(path, head)
}

// readHead reads the first sniffHead bytes of r, and on to the end of the
// first line when the content starts with a JSON object, up to
// MaxLineBytes.
func readHead(r io.Reader) ([]byte, error) {
	br := bufio.NewReaderSize(r, sniffHead)
	head, err := br.Peek(sniffHead)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	head = bytes.Clone(head)
	t := bytes.TrimLeft(bytes.TrimPrefix(head, bom), " \t\r\n")
	if len(head) < sniffHead || len(t) == 0 || t[0] != '{' || bytes.IndexByte(t, '\n') >= 0 {
		return head, nil
	}
	if _, err := br.Discard(len(head)); err != nil {
		return nil, err
	}
	rest, err := io.ReadAll(io.LimitReader(br, MaxLineBytes))
	if err != nil {
		return nil, err
	}
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i+1]
	}
	return append(head, rest...), nil
}

// Detect names the format of a file from its name and first bytes (see
// Sniff); it drops the confidence.
func Detect(name string, head []byte) (string, error) {
	d, err := Sniff(name, head)
	return d.Format, err
}

// Sniff detects the format of a file from its name and head, its first
// bytes (the last record may be cut off). Content decides before the name:
//
//   - the PAR1 magic is Parquet and a #FORMAT=WebAnno TSV first line is
//     WebAnno TSV (ByMagic);
//   - a JSON array of task objects is Label Studio; JSON lines are told
//     apart by the keys of up to five records, which must agree (Alama
//     JSONL has title, status, doc_labels or offset_unit, or a spans list,
//     or meta without doccano's or spaCy's keys; spaCy has
//     entities as [start, end, label] lists; doccano has label, labels or
//     entities as objects; Hugging Face has tokens and ner_tags);
//   - lines of TOKEN ... TAG with IOB-style tags are CoNLL (ByContent).
//
// The name settles the rest (ByName): .ann and .txt are brat (a .txt
// without its .ann is a plain article), .conll, .iob, .iob2, .bio, .bioes
// and .bilou are CoNLL, .parquet is Parquet. A .txt file whose content
// looks like CoNLL or JSON is refused with a *LookalikeError, and so is a
// CoNLL name over JSON content: Sniff never guesses between two readings.
// A head of no known kind is an ErrFormat error.
func Sniff(name string, head []byte) (Detection, error) {
	ext := strings.ToLower(filepath.Ext(name))
	byName := ""
	switch ext {
	case ".ann", ".txt":
		byName = Brat
	case ".conll", ".iob", ".bio", ".bioes", ".bilou", ".iob2":
		byName = CoNLL
	case ".parquet":
		byName = Parquet
	}
	if bytes.HasPrefix(head, []byte("PAR1")) {
		return Detection{Parquet, ByMagic}, nil
	}
	body := bytes.TrimPrefix(head, bom)
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if bytes.HasPrefix(trimmed, []byte("#FORMAT=WebAnno TSV")) {
		return Detection{WebAnno, ByMagic}, nil
	}
	if byName == Parquet {
		return Detection{Parquet, ByName}, nil
	}
	if ext == ".ann" {
		return Detection{Brat, ByName}, nil
	}
	found, le := lookalike(body)
	switch {
	case byName == Brat && le != nil:
		return Detection{}, le
	case byName == Brat:
		return Detection{Brat, ByName}, nil
	case byName == CoNLL && found != "" && found != CoNLL:
		return Detection{}, &LookalikeError{Format: found, Line: le.Line, Why: le.Why}
	case found != "":
		return Detection{found, ByContent}, nil
	case byName == CoNLL:
		return Detection{CoNLL, ByName}, nil
	case len(trimmed) == 0:
		return Detection{}, &unknownFormat{reason: "empty file"}
	case le != nil:
		return Detection{}, &unknownFormat{reason: le.Why}
	}
	return Detection{}, &unknownFormat{reason: "not a format Alama reads (JSONL, Label Studio JSON, CoNLL, brat, Parquet, WebAnno TSV, Hugging Face JSONL)"}
}

// lookalike says which format the content looks like: the format and a
// *LookalikeError describing why, or "" and nil when it looks like none
// (plain text), or "" and a *LookalikeError whose Why says what is wrong
// when it is JSON of no known shape.
func lookalike(body []byte) (string, *LookalikeError) {
	lead := len(body) - len(bytes.TrimLeft(body, " \t\r\n"))
	line := bytes.Count(body[:lead], []byte("\n")) + 1
	trimmed := body[lead:]
	if len(trimmed) == 0 {
		return "", nil
	}
	switch trimmed[0] {
	case '[':
		f, why := sniffArray(trimmed)
		return f, &LookalikeError{Format: f, Line: line, Why: why}
	case '{':
		f, at, why := sniffLines(body)
		return f, &LookalikeError{Format: f, Line: at, Why: why}
	}
	if n, at := conllLines(body); n > 0 {
		return CoNLL, &LookalikeError{Format: CoNLL, Line: at, Why: fmt.Sprintf("%d lines of a token and a tag", n)}
	}
	return "", nil
}

// sniffArray places a JSON array: Label Studio tasks, or not ours.
func sniffArray(b []byte) (string, string) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		return "", "not JSON"
	}
	t, err := dec.Token()
	switch {
	case err == nil && t == json.Delim('{'):
		return LabelStudio, "a JSON array of task objects"
	case err == nil && t == json.Delim(']'):
		return LabelStudio, "an empty JSON array"
	case err == nil:
		if _, ok := t.(string); ok {
			return "", "a JSON array of strings (a tag list such as labels.json?)"
		}
	}
	return "", "a JSON array of no known shape"
}

// sniffLines places JSON lines by the keys of their first records; it
// returns the format, the line it rests on, and what was seen. Records
// must agree; a record cut off at the end of b counts as far as it goes.
func sniffLines(b []byte) (string, int, string) {
	var cands []string
	first := 0
	n := 0
	for i, line := range bytes.Split(b, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		c := jsonLineCandidates(line)
		if c == nil {
			if n == 0 {
				return "", i + 1, "JSON of no known shape (no text, label, entities, tokens or spans)"
			}
			break // a record cut off by the head, or an error for the reader
		}
		if n == 0 {
			cands, first = c, i+1
		} else {
			both := slices.DeleteFunc(slices.Clone(cands), func(f string) bool { return !slices.Contains(c, f) })
			if len(both) == 0 {
				return "", i + 1, fmt.Sprintf("JSON lines of two shapes: line %d reads as %s, line %d as %s", first, strings.Join(cands, " or "), i+1, strings.Join(c, " or "))
			}
			cands = both
		}
		if n++; n == sniffRecords {
			break
		}
	}
	return cands[0], first, "JSON lines with " + cands[0] + " keys"
}

// jsonLineCandidates lists the formats one JSON record can be read as,
// most likely first, or nil for none. A record cut off counts by the keys
// it shows.
func jsonLineCandidates(line []byte) []string {
	keys := map[string]json.RawMessage{}
	dec := json.NewDecoder(bytes.NewReader(line))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		t, err := dec.Token()
		k, ok := t.(string)
		if err != nil || !ok {
			break
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			keys[k] = nil // the value runs past the head
			break
		}
		keys[k] = v
	}
	has := func(k string) bool { _, ok := keys[k]; return ok }
	// firstElem is the first byte of the first element of a list value.
	firstElem := func(k string) byte {
		v := bytes.TrimLeft(keys[k], " \t\r\n")
		if len(v) == 0 || v[0] != '[' {
			return 0
		}
		v = bytes.TrimLeft(v[1:], " \t\r\n")
		if len(v) == 0 {
			return 0
		}
		return v[0]
	}
	// isList says whether the value of k is a JSON array (one cut off by
	// the head counts).
	isList := func(k string) bool {
		v := bytes.TrimLeft(keys[k], " \t\r\n")
		return len(v) == 0 || v[0] == '['
	}
	switch {
	case has("offset_unit") || has("status") || has("doc_labels") || has("title"):
		return []string{JSONL}
	case has("tokens") && has("ner_tags"):
		return []string{HF}
	case has("data"):
		return []string{LabelStudio}
	case has("spans") && !has("entities") && isList("spans"):
		// spaCy's spans is an object of groups, and comes with entities.
		return []string{JSONL}
	case has("meta") && !has("label") && !has("labels") && !has("entities"):
		return []string{JSONL}
	case has("relations") || has("label") || has("labels"):
		return []string{Doccano}
	case has("entities"):
		switch firstElem("entities") {
		case '{':
			return []string{Doccano}
		case '[':
			return []string{SpaCy}
		}
		return []string{SpaCy, Doccano} // no entities yet
	case has("text"):
		return []string{Doccano, SpaCy}
	}
	return nil
}

// conllLines counts the first non-blank lines of head (up to ten) when
// every one of them is a CoNLL token line (TOKEN ... TAG, or -DOCSTART-)
// and at least two are, and returns the line of the first; 0 otherwise.
// A line cut off at the end of head is not judged.
func conllLines(head []byte) (int, int) {
	lines := strings.Split(string(head), "\n")
	if len(head) >= sniffHead && len(lines) > 1 {
		lines = lines[:len(lines)-1]
	}
	n, first := 0, 0
	for i, line := range lines {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if f[0] != DocStart && (len(f) < 2 || !isTag(f[len(f)-1])) {
			return 0, 0
		}
		if first == 0 {
			first = i + 1
		}
		if n++; n == 10 {
			break
		}
	}
	if n < 2 {
		return 0, 0
	}
	return n, first
}

// isTag reports whether s looks like O or a prefixed tag such as B-ACTOR.
func isTag(s string) bool {
	if s == "O" {
		return true
	}
	p, l, ok := strings.Cut(s, "-")
	return ok && l != "" && len(p) == 1 && strings.Contains("BIESLU", p)
}
