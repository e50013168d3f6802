package format

import (
	"fmt"
	"slices"
	"strings"

	"alama/annotate"
)

// LabelUse is where a file first uses a span label or relation type.
type LabelUse struct {
	Name     string
	Relation bool // a relation type, not a span label
	File     string
	Line     int // 1-based; 0 when the format has no line for it
}

func (u LabelUse) String() string {
	what := "label"
	if u.Relation {
		what = "relation type"
	}
	where := u.File
	if u.Line > 0 {
		where = fmt.Sprintf("%s:%d", u.File, u.Line)
	}
	return fmt.Sprintf("%s: %s %s: unknown %s, not in the schema", where, what, annotate.Quote(u.Name), what)
}

// LabelUses collects the first use of each label and relation type while
// files are read: set ImportOptions.Uses to one, and Take what a file used
// when Import hands over its documents.
type LabelUses struct {
	uses []LabelUse
	seen map[labelKey]bool
}

type labelKey struct {
	name string
	rel  bool
}

// note records a use unless the name was used before since the last Take.
// A nil collector records nothing.
func (u *LabelUses) note(file string, line int, name string, rel bool) {
	if u == nil {
		return
	}
	k := labelKey{name, rel}
	if u.seen[k] {
		return
	}
	if u.seen == nil {
		u.seen = map[labelKey]bool{}
	}
	u.seen[k] = true
	u.uses = append(u.uses, LabelUse{Name: name, Relation: rel, File: file, Line: line})
}

// Take returns the uses noted since the last Take, in the order of first
// use, and forgets them.
func (u *LabelUses) Take() []LabelUse {
	out := u.uses
	u.uses, u.seen = nil, nil
	return out
}

// UnknownLabelsError lists every label and relation type an import uses
// that the schema lacks, each with the place of its first use.
type UnknownLabelsError struct {
	Uses []LabelUse
}

func (e *UnknownLabelsError) Error() string {
	lines := make([]string, len(e.Uses))
	for i, u := range e.Uses {
		lines[i] = u.String()
	}
	return strings.Join(lines, "\n") + "\n(alama import -add-labels adds them to the schema)"
}

// Unwrap makes errors.Is(err, annotate.ErrUnknownLabel) hold.
func (e *UnknownLabelsError) Unwrap() error { return annotate.ErrUnknownLabel }

// FileLabels returns the uses of docs, read from file: those of uses
// first, then every span label and relation type of docs that uses lacks,
// with no line.
func FileLabels(file string, docs []*annotate.Document, uses []LabelUse) []LabelUse {
	var all LabelUses
	for _, u := range uses {
		all.note(u.File, u.Line, u.Name, u.Relation)
	}
	for _, d := range docs {
		for _, s := range d.Spans {
			all.note(file, 0, s.Label, false)
		}
		for _, r := range d.Relations {
			all.note(file, 0, r.Type, true)
		}
	}
	return all.Take()
}

// ResolveLabels checks the labels and relation types an import uses
// against the project's schema. Without add, any the schema lacks are an
// *UnknownLabelsError listing all of them; with add, they are added to the
// schema (see annotate.Schema.AddLabels) and listed in rep, and old is the
// schema before, for the caller to put back if the import then fails (nil
// when nothing was added).
func ResolveLabels(p annotate.Project, uses []LabelUse, add bool, rep *ImportReport) (old *annotate.Schema, err error) {
	s, err := p.Schema()
	if err != nil {
		return nil, err
	}
	var unknown []LabelUse
	var labels, types []string
	for _, u := range uses {
		if u.Relation {
			if _, ok := s.RelationType(u.Name); !ok {
				unknown = append(unknown, u)
				types = append(types, u.Name)
			}
		} else if _, ok := s.Label(u.Name); !ok {
			unknown = append(unknown, u)
			labels = append(labels, u.Name)
		}
	}
	if len(unknown) == 0 {
		return nil, nil
	}
	if !add {
		return nil, &UnknownLabelsError{Uses: unknown}
	}
	for _, u := range unknown {
		if err := annotate.CheckName(u.Name); err != nil {
			return nil, &LineError{File: u.File, Line: u.Line, Err: fmt.Errorf("%s cannot be added to the schema: %w", annotate.Quote(u.Name), err)}
		}
	}
	old, err = p.Schema()
	if err != nil {
		return nil, err
	}
	s.AddLabels(labels)
	s.AddRelationTypes(types)
	if err := s.Validate(); err != nil {
		return nil, &LineError{File: unknown[0].File, Line: unknown[0].Line, Err: fmt.Errorf("adding labels: %w", err)}
	}
	if err := p.SetSchema(s); err != nil {
		return nil, err
	}
	rep.add(func(r *ImportReport) {
		r.LabelsAdded = append(r.LabelsAdded, labels...)
		r.TypesAdded = append(r.TypesAdded, types...)
	})
	return old, nil
}

// RestoreSchema puts back the schema ResolveLabels replaced, after the
// import it was for failed, and returns err with any failure to do so.
func RestoreSchema(p annotate.Project, old *annotate.Schema, rep *ImportReport, err error) error {
	if old == nil {
		return err
	}
	if serr := p.SetSchema(old); serr != nil {
		return fmt.Errorf("%w; putting the schema back: %w", err, serr)
	}
	rep.add(func(r *ImportReport) {
		r.LabelsAdded = slices.DeleteFunc(r.LabelsAdded, func(l string) bool { _, ok := old.Label(l); return !ok })
		r.TypesAdded = slices.DeleteFunc(r.TypesAdded, func(t string) bool { _, ok := old.RelationType(t); return !ok })
	})
	return err
}
