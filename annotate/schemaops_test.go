package annotate

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestSchemaOperations(t *testing.T) {
	tests := []struct {
		name    string
		op      func(s *Schema) error
		wantErr error
		check   func(t *testing.T, s *Schema)
	}{
		{"add label", func(s *Schema) error { return s.AddLabel(Label{Name: "PER"}) }, nil, func(t *testing.T, s *Schema) {
			l, ok := s.Label("PER")
			if !ok || l.Color == "" || slices.ContainsFunc(s.Labels[:5], func(o Label) bool { return o.Color == l.Color }) {
				t.Errorf("label %+v: want a colour of its own", l)
			}
		}},
		{"add label twice", func(s *Schema) error { return s.AddLabel(Label{Name: "ACTOR"}) }, ErrDuplicate, nil},
		{"add bad name", func(s *Schema) error { return s.AddLabel(Label{Name: "a b"}) }, ErrBadName, nil},
		{"add label named like a relation type", func(s *Schema) error { return s.AddLabel(Label{Name: "DATE"}) }, nil, func(t *testing.T, s *Schema) {
			if _, ok := s.Label("DATE"); !ok {
				t.Error("DATE label missing")
			}
		}},
		{"rename label", func(s *Schema) error { return s.RenameLabel("ACTOR", "PERSON") }, nil, func(t *testing.T, s *Schema) {
			r, _ := s.RelationType("TARGET")
			if _, ok := s.Label("ACTOR"); ok || !slices.Equal(r.To, []string{"PERSON", "LOCATION"}) {
				t.Errorf("relation TARGET to %v", r.To)
			}
		}},
		{"rename to an existing label", func(s *Schema) error { return s.RenameLabel("ACTOR", "TIME") }, ErrDuplicate, nil},
		{"rename unknown", func(s *Schema) error { return s.RenameLabel("X", "Y") }, ErrUnknownLabel, nil},
		{"delete label", func(s *Schema) error { return s.DeleteLabel("LOCATION") }, ErrInvalid, nil},
		{"delete label kept elsewhere", func(s *Schema) error {
			if err := s.DeleteRelationType("PLACE"); err != nil {
				return err
			}
			return s.DeleteLabel("LOCATION")
		}, nil, func(t *testing.T, s *Schema) {
			r, _ := s.RelationType("TARGET")
			if !slices.Equal(r.To, []string{"ACTOR"}) {
				t.Errorf("TARGET to %v", r.To)
			}
		}},
		{"add relation type", func(s *Schema) error {
			return s.AddRelationType(RelationType{Name: "NEAR", From: []string{"LOCATION"}})
		}, nil, nil},
		{"add relation type naming an unknown label", func(s *Schema) error {
			return s.AddRelationType(RelationType{Name: "NEAR", From: []string{"PLACE_X"}})
		}, ErrUnknownLabel, nil},
		{"rename relation type", func(s *Schema) error { return s.RenameRelationType("DATE", "WHEN") }, nil, func(t *testing.T, s *Schema) {
			if _, ok := s.RelationType("WHEN"); !ok {
				t.Error("WHEN missing")
			}
		}},
		{"delete relation type", func(s *Schema) error { return s.DeleteRelationType("DATE") }, nil, func(t *testing.T, s *Schema) {
			if len(s.Relations) != 4 {
				t.Errorf("%d relation types", len(s.Relations))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := DefaultSchema()
			before := s.Clone()
			err := tt.op(s)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if len(s.Labels) != len(before.Labels) || len(s.Relations) != len(before.Relations) || s.Labels[0].Name != before.Labels[0].Name {
					t.Error("a failed operation changed the schema")
				}
				return
			}
			if err := s.Validate(); err != nil {
				t.Error(err)
			}
			if tt.check != nil {
				tt.check(t, s)
			}
		})
	}
}

func TestAddLabelsColours(t *testing.T) {
	s := DefaultSchema()
	var names []string
	for i := range 60 {
		names = append(names, "L"+string(rune('a'+i%26))+string(rune('a'+i/26)))
	}
	if added := s.AddLabels(append(names, "ACTOR")); len(added) != 60 {
		t.Fatalf("added %d, want 60", len(added))
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, l := range s.Labels {
		if seen[l.Color] {
			t.Errorf("colour %s given twice", l.Color)
		}
		seen[l.Color] = true
	}
}

func TestCheckName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
		says string
	}{
		{"ACTOR", true, ""},
		{"فاعل", true, ""},
		{"فَاعِل", true, ""},
		{"B-PER.x_1", true, ""},
		{strings.Repeat("ن", MaxNameRunes), true, ""},
		{strings.Repeat("ن", MaxNameRunes+1), false, "65 characters long, at most 64 allowed"},
		{strings.Repeat("L", 10000), false, "10000 characters long"},
		{"", false, "cannot be empty"},
		{"A B", false, "no spaces or control characters"},
		{"A\x1b[2J", false, "no spaces or control characters"},
		{"A\nB", false, "no spaces or control characters"},
		{"-A", false, "starting with a letter, digit or _"},
	}
	for _, tt := range tests {
		t.Run(Quote(tt.name), func(t *testing.T) {
			err := CheckName(tt.name)
			if tt.ok != (err == nil) || ValidName(tt.name) != tt.ok {
				t.Fatalf("CheckName = %v, ValidName = %v, want ok %v", err, ValidName(tt.name), tt.ok)
			}
			if err != nil && (!errors.Is(err, ErrBadName) || !strings.Contains(err.Error(), tt.says)) {
				t.Errorf("CheckName = %v, want it to say %q", err, tt.says)
			}
		})
	}
	s := DefaultSchema()
	long := strings.Repeat("L", 10000)
	for _, change := range []func() error{
		func() error { return s.AddLabel(Label{Name: long}) },
		func() error { return s.AddRelationType(RelationType{Name: long}) },
		func() error { return s.RenameLabel("ACTOR", long) },
		func() error { return s.AddLabel(Label{Name: "X", Attrs: []Attribute{{Name: long}}}) },
	} {
		err := change()
		if !errors.Is(err, ErrBadName) || len(err.Error()) > 300 {
			t.Errorf("a 10,000-letter name: %.400v", err)
		}
	}
	if !reflect.DeepEqual(s, DefaultSchema()) {
		t.Error("a refused change changed the schema")
	}
}

func TestAttributeValues(t *testing.T) {
	l := Label{Name: "CLAIM", Attrs: []Attribute{{Name: "negated"}, {Name: "stance", Values: []string{"support", "oppose"}}}}
	tests := []struct {
		name, value   string
		known, allows bool
	}{
		{"negated", "true", true, true},
		{"negated", "false", true, false},
		{"negated", "", true, false},
		{"stance", "support", true, true},
		{"stance", "oppose", true, true},
		{"stance", "true", true, false},
		{"stance", "Support", true, false},
		{"certainty", "true", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name+"="+tt.value, func(t *testing.T) {
			a, ok := l.Attr(tt.name)
			if ok != tt.known || ok && a.Allows(tt.value) != tt.allows {
				t.Errorf("Attr(%q) = %v, %v; Allows(%q) = %v; want %v, %v", tt.name, a, ok, tt.value, ok && a.Allows(tt.value), tt.known, tt.allows)
			}
		})
	}
}
