package format

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"alama/annotate"
)

// MaxTitleRunes caps the title ReadText takes from a text's first line.
const MaxTitleRunes = 200

// ReadText makes a document of a plain-text article. The bytes go through
// annotate.NormalizeText (invalid UTF-8 and NUL bytes are refused with
// their line; a BOM is dropped, CRLF and CR become LF, NFC is applied), and
// the title is the first non-blank line, cut to MaxTitleRunes code points,
// or the file name when there is none. An empty or blank text is an error,
// and so is a text that looks like CoNLL token lines or JSON: ReadText
// refuses it with a *LookalikeError rather than import a corpus as one
// article (Import with ImportOptions.Format set to Text reads it as an
// article all the same). name is used in errors only.
func ReadText(name string, data []byte) (*annotate.Document, error) {
	return readText(name, data, true)
}

// ReadTextAsIs is ReadText without refusing a text that looks like a file
// of an annotation format: what reading a file named as text gives.
func ReadTextAsIs(name string, data []byte) (*annotate.Document, error) {
	return readText(name, data, false)
}

func readText(name string, data []byte, check bool) (*annotate.Document, error) {
	if check {
		head := bytes.TrimPrefix(data, bom)
		head = head[:min(len(head), sniffHead)]
		if f, le := lookalike(head); f != "" {
			return nil, &LineError{File: name, Err: le}
		}
	}
	text, err := annotate.NormalizeText(data)
	if err != nil {
		var te *annotate.TextError
		if errors.As(err, &te) {
			return nil, &LineError{File: name, Line: te.Line, Err: fmt.Errorf("%s: %w", te.Reason, annotate.ErrBadText)}
		}
		return nil, &LineError{File: name, Err: err}
	}
	if strings.TrimSpace(text) == "" {
		return nil, &LineError{File: name, Err: fmt.Errorf("empty text: %w", annotate.ErrBadText)}
	}
	title := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	for line := range strings.SplitSeq(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			title = line
			break
		}
	}
	if annotate.RuneLen(title) > MaxTitleRunes {
		title = strings.TrimSpace(annotate.Slice(title, 0, MaxTitleRunes)) + "…"
	}
	return &annotate.Document{Title: title, Text: text, Status: annotate.StatusNew}, nil
}
