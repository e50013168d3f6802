package format

import (
	"fmt"
	"strings"
)

// ImportReport counts what an import repaired in messy files instead of
// refusing them. Readers add to the one ImportOptions.Report points to.
type ImportReport struct {
	BOMs         int // byte order marks dropped
	CRLF         int // lines that ended CR LF
	BlankBreaks  int // lines of only spaces or tabs, read as sentence breaks
	Normalized   int // tokens put into Unicode NFC
	EmptyTokens  int // token lines whose token is empty, skipped with a warning
	LabelsAdded  []string
	TypesAdded   []string // relation types added with the labels
	TokenizedDoc int      // documents that keep the tokens of their file
}

// String renders the report as the lines a command prints; "" when there
// is nothing to say.
func (r *ImportReport) String() string {
	if r == nil {
		return ""
	}
	var b strings.Builder
	var fixed []string
	for _, c := range []struct {
		n         int
		one, many string
	}{
		{r.BOMs, "byte order mark dropped", "byte order marks dropped"},
		{r.CRLF, "CRLF line end read as LF", "CRLF line ends read as LF"},
		{r.BlankBreaks, "line of only spaces or tabs read as a sentence break", "lines of only spaces or tabs read as sentence breaks"},
		{r.Normalized, "token put into Unicode NFC", "tokens put into Unicode NFC"},
		{r.EmptyTokens, "empty token skipped", "empty tokens skipped"},
	} {
		switch {
		case c.n == 1:
			fixed = append(fixed, "1 "+c.one)
		case c.n > 1:
			fixed = append(fixed, fmt.Sprintf("%d %s", c.n, c.many))
		}
	}
	if len(fixed) > 0 {
		fmt.Fprintf(&b, "repaired: %s\n", strings.Join(fixed, ", "))
	}
	if r.TokenizedDoc > 0 {
		fmt.Fprintf(&b, "tokens: the tokens and sentences of the file kept for %s\n", count(r.TokenizedDoc, "document"))
	}
	if len(r.LabelsAdded) > 0 {
		fmt.Fprintf(&b, "schema: %s added: %s\n", count(len(r.LabelsAdded), "label"), strings.Join(r.LabelsAdded, ", "))
	}
	if len(r.TypesAdded) > 0 {
		fmt.Fprintf(&b, "schema: %s added: %s\n", count(len(r.TypesAdded), "relation type"), strings.Join(r.TypesAdded, ", "))
	}
	return b.String()
}

// Add adds the counts and names of o to r.
func (r *ImportReport) Add(o *ImportReport) {
	r.BOMs += o.BOMs
	r.CRLF += o.CRLF
	r.BlankBreaks += o.BlankBreaks
	r.Normalized += o.Normalized
	r.EmptyTokens += o.EmptyTokens
	r.TokenizedDoc += o.TokenizedDoc
	r.LabelsAdded = append(r.LabelsAdded, o.LabelsAdded...)
	r.TypesAdded = append(r.TypesAdded, o.TypesAdded...)
}

// add counts into r when r is not nil.
func (r *ImportReport) add(f func(r *ImportReport)) {
	if r != nil {
		f(r)
	}
}
