package annotate

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Schema is what a project lets annotators mark: span labels, relation types
// between them and document-level labels.
type Schema struct {
	Labels    []Label        `json:"labels"`
	Relations []RelationType `json:"relations"`
	DocLabels []string       `json:"doc_labels,omitempty"`
}

// Label is a span label. Description is the guideline text shown in the app.
type Label struct {
	Name        string      `json:"name"`
	Color       string      `json:"color"` // #rrggbb
	Key         string      `json:"key"`   // one character, "" for none
	Description string      `json:"description,omitempty"`
	Attrs       []Attribute `json:"attrs,omitempty"`
}

// Attribute is a property a span of some label may carry. With no Values it is
// boolean ("true" when set); otherwise its value is one of Values.
type Attribute struct {
	Name   string   `json:"name"`
	Values []string `json:"values,omitempty"`
}

// Attr returns the attribute of l named name.
func (l Label) Attr(name string) (Attribute, bool) {
	i := slices.IndexFunc(l.Attrs, func(a Attribute) bool { return a.Name == name })
	if i < 0 {
		return Attribute{}, false
	}
	return l.Attrs[i], true
}

// Allows reports whether v is a value of a: one of its Values, or "true"
// for an attribute without values.
func (a Attribute) Allows(v string) bool {
	if len(a.Values) == 0 {
		return v == "true"
	}
	return slices.Contains(a.Values, v)
}

// RelationType is a kind of link between two spans, From → To. Empty From or
// To lists allow any label on that side.
type RelationType struct {
	Name        string   `json:"name"`
	From        []string `json:"from,omitempty"`
	To          []string `json:"to,omitempty"`
	Description string   `json:"description,omitempty"`
}

// Label returns the label with the given name.
func (s *Schema) Label(name string) (Label, bool) {
	i := slices.IndexFunc(s.Labels, func(l Label) bool { return l.Name == name })
	if i < 0 {
		return Label{}, false
	}
	return s.Labels[i], true
}

// RelationType returns the relation type with the given name.
func (s *Schema) RelationType(name string) (RelationType, bool) {
	i := slices.IndexFunc(s.Relations, func(r RelationType) bool { return r.Name == name })
	if i < 0 {
		return RelationType{}, false
	}
	return s.Relations[i], true
}

// Allows reports whether a relation of this type may go from a span labelled
// from to a span labelled to.
func (r RelationType) Allows(from, to string) bool {
	return (len(r.From) == 0 || slices.Contains(r.From, from)) &&
		(len(r.To) == 0 || slices.Contains(r.To, to))
}

// RelationTypesFor lists the relation types allowed from a span labelled
// from to one labelled to.
func (s *Schema) RelationTypesFor(from, to string) []RelationType {
	var out []RelationType
	for _, r := range s.Relations {
		if r.Allows(from, to) {
			out = append(out, r)
		}
	}
	return out
}

var (
	nameRE  = regexp.MustCompile(`^[\p{L}\p{N}_][\p{L}\p{M}\p{N}_.-]*$`)
	colorRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
)

// MaxNameRunes bounds the length of a label, attribute or relation type
// name, in code points.
const MaxNameRunes = 64

// ValidName reports whether name can name a label, attribute or relation
// type (see CheckName).
func ValidName(name string) bool { return CheckName(name) == nil }

// CheckName says why name cannot name a label, attribute or relation
// type, or returns nil: a name is a letter, digit or _ first, then
// letters, marks, digits, _, . or -, at most MaxNameRunes of them (so no
// spaces or control characters). The error wraps ErrBadName and does not
// quote the name; the caller does.
func CheckName(name string) error {
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return fmt.Errorf("a name cannot be empty: %w", ErrBadName)
	case n > MaxNameRunes:
		return fmt.Errorf("%d characters long, at most %d allowed: %w", n, MaxNameRunes, ErrBadName)
	case !nameRE.MatchString(name):
		return fmt.Errorf("a name is letters, digits, _, . and - (no spaces or control characters), starting with a letter, digit or _: %w", ErrBadName)
	}
	return nil
}

// AddLabels appends a label for each name s lacks, in order, with a
// colour of its own and no key, and returns the names added.
func (s *Schema) AddLabels(names []string) []string {
	var added []string
	for _, n := range names {
		if _, ok := s.Label(n); ok {
			continue
		}
		s.Labels = append(s.Labels, Label{Name: n, Color: s.freeColor()})
		added = append(added, n)
	}
	return added
}

// AddRelationTypes appends a relation type allowed between any labels for
// each name s lacks, in order, and returns the names added.
func (s *Schema) AddRelationTypes(names []string) []string {
	var added []string
	for _, n := range names {
		if _, ok := s.RelationType(n); ok {
			continue
		}
		s.Relations = append(s.Relations, RelationType{Name: n})
		added = append(added, n)
	}
	return added
}

// palette holds colours far apart from one another, for labels added
// without one.
var palette = []string{
	"#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6",
	"#bfef45", "#fabed4", "#469990", "#dcbeff", "#9a6324", "#fffac8", "#800000",
	"#aaffc3", "#808000", "#ffd8b1", "#000075", "#a9a9a9", "#ffe119",
}

// freeColor returns the first palette colour no label has, or past the
// palette a colour stepped round the hue circle by the golden angle.
func (s *Schema) freeColor() string {
	used := map[string]bool{}
	for _, l := range s.Labels {
		used[strings.ToLower(l.Color)] = true
	}
	for _, c := range palette {
		if !used[c] {
			return c
		}
	}
	for i := len(s.Labels); ; i++ {
		c := hueColor(math.Mod(float64(i)*137.508, 360))
		if !used[c] {
			return c
		}
	}
}

// hueColor returns a mid-light, saturated #rrggbb colour of hue h degrees.
func hueColor(h float64) string {
	const sat, light = 0.65, 0.5
	c := (1 - math.Abs(2*light-1)) * sat
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := light - c/2
	var r, g, b float64
	switch {
	case h < 60:
		r, g = c, x
	case h < 120:
		r, g = x, c
	case h < 180:
		g, b = c, x
	case h < 240:
		g, b = x, c
	case h < 300:
		r, b = x, c
	default:
		r, b = c, x
	}
	return fmt.Sprintf("#%02x%02x%02x", int((r+m)*255+0.5), int((g+m)*255+0.5), int((b+m)*255+0.5))
}

// Validate checks that names are unique and well formed, colours are
// #rrggbb, keys are single characters used once, and relation types name
// existing labels.
func (s *Schema) Validate() error {
	names := map[string]bool{}
	keys := map[string]string{}
	for _, l := range s.Labels {
		if err := CheckName(l.Name); err != nil {
			return fmt.Errorf("schema: label name %s: %w", Quote(l.Name), err)
		}
		if names[l.Name] {
			return fmt.Errorf("schema: label %s defined twice: %w", Quote(l.Name), ErrDuplicate)
		}
		names[l.Name] = true
		if !colorRE.MatchString(l.Color) {
			return fmt.Errorf("schema: label %s: colour %s is not #rrggbb: %w", Quote(l.Name), Quote(l.Color), ErrInvalid)
		}
		if l.Key != "" {
			if len([]rune(l.Key)) != 1 {
				return fmt.Errorf("schema: label %s: key %s is not one character: %w", Quote(l.Name), Quote(l.Key), ErrInvalid)
			}
			if other, ok := keys[l.Key]; ok {
				return fmt.Errorf("schema: key %s used by %s and %s: %w", Quote(l.Key), Quote(other), Quote(l.Name), ErrDuplicate)
			}
			keys[l.Key] = l.Name
		}
		attrs := map[string]bool{}
		for _, a := range l.Attrs {
			if err := CheckName(a.Name); err != nil {
				return fmt.Errorf("schema: label %s: attribute name %s: %w", Quote(l.Name), Quote(a.Name), err)
			}
			if attrs[a.Name] {
				return fmt.Errorf("schema: label %s: attribute %s defined twice: %w", Quote(l.Name), Quote(a.Name), ErrDuplicate)
			}
			attrs[a.Name] = true
		}
	}
	rels := map[string]bool{}
	for _, r := range s.Relations {
		if err := CheckName(r.Name); err != nil {
			return fmt.Errorf("schema: relation name %s: %w", Quote(r.Name), err)
		}
		if rels[r.Name] {
			return fmt.Errorf("schema: relation %s clashes with another name: %w", Quote(r.Name), ErrDuplicate)
		}
		rels[r.Name] = true
		for _, n := range append(slices.Clone(r.From), r.To...) {
			if !names[n] {
				return fmt.Errorf("schema: relation %s names unknown label %s: %w", Quote(r.Name), Quote(n), ErrUnknownLabel)
			}
		}
	}
	return nil
}

// DefaultSchema returns the schema for news articles a new project starts with.
func DefaultSchema() *Schema {
	return &Schema{
		Labels: []Label{
			{Name: "ACTOR", Color: "#e6194b", Key: "1",
				Description: "A person, organisation, state or armed group that acts, speaks or is acted upon. Mark the name without a leading و/ب/ل clitic; include titles only when part of the name.",
				Attrs:       []Attribute{{Name: "type", Values: []string{"person", "organisation", "state", "armed_group"}}}},
			{Name: "EVENT", Color: "#3cb44b", Key: "2",
				Description: "Something that happens: an attack, a meeting, an election, a statement. Mark the word that names the event (often a verbal noun such as هجوم or اجتماع).",
				Attrs:       []Attribute{{Name: "type", Values: []string{"attack", "meeting", "statement", "agreement", "election", "other"}}}},
			{Name: "CLAIM", Color: "#4363d8", Key: "3",
				Description: "What someone asserts, usually the quoted or reported speech after قال or أكد. Mark the content, not the verb of saying.",
				Attrs: []Attribute{
					{Name: "certainty", Values: []string{"certain", "probable", "possible"}},
					{Name: "stance", Values: []string{"support", "oppose", "neutral"}},
				}},
			{Name: "LOCATION", Color: "#f58231", Key: "4",
				Description: "A place: a country, city, region or building. Leave out a proclitic such as ب or في-like prefixes."},
			{Name: "TIME", Color: "#911eb4", Key: "5",
				Description: "A date, time or period: «11 أيلول (سبتمبر) 2001», «الثلاثاء», «عام 2014»."},
		},
		Relations: []RelationType{
			{Name: "CLAIMED_BY", From: []string{"CLAIM"}, To: []string{"ACTOR"}, Description: "The claim was made by the actor."},
			{Name: "AGENT", From: []string{"EVENT"}, To: []string{"ACTOR"}, Description: "The actor did the event."},
			{Name: "TARGET", From: []string{"EVENT"}, To: []string{"ACTOR", "LOCATION"}, Description: "The event was done to the actor or place."},
			{Name: "PLACE", From: []string{"EVENT"}, To: []string{"LOCATION"}, Description: "The event happened at the place."},
			{Name: "DATE", From: []string{"EVENT"}, To: []string{"TIME"}, Description: "The event happened at the time."},
		},
		DocLabels: []string{"politics", "security", "economy", "other"},
	}
}
