package format

import (
	"fmt"
	"path/filepath"
	"strings"

	"alama/annotate"
)

// maxTitleRunes is the longest first line taken as a plain-text title.
const maxTitleRunes = 200

// ReadText turns a plain-text article into a document. The text is the
// whole file, normalized by annotate.NormalizeText; the title is the first
// non-empty line, or the file name without its extension when that line is
// longer than 200 characters or the file has no text. An empty file or one
// that is not UTF-8 text is an error naming the file and line.
func ReadText(name string, data []byte) (*annotate.Document, error) {
	text, err := annotate.NormalizeText(data)
	if err != nil {
		if te, ok := err.(*annotate.TextError); ok {
			return nil, &LineError{File: name, Line: te.Line, Err: err}
		}
		return nil, &LineError{File: name, Err: err}
	}
	if strings.TrimSpace(text) == "" {
		return nil, &LineError{File: name, Err: fmt.Errorf("no text: %w", ErrFormat)}
	}
	title := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			if annotate.RuneLen(line) <= maxTitleRunes {
				title = line
			}
			break
		}
	}
	return &annotate.Document{Title: title, Text: text, Status: annotate.StatusNew}, nil
}
