package annotate

import (
	"fmt"
	"slices"
)

// The schema operations below change s in place only when they succeed:
// each checks its arguments and the schema that would result (Validate)
// first. They know nothing of the spans that use a name; a project checks
// those when the schema is stored (Project.SetSchema refuses to drop a
// label in use) or renames them with it (Project.RenameLabel).

// AddLabel adds a span label. An empty colour gets one no other label has.
func (s *Schema) AddLabel(l Label) error {
	if _, ok := s.Label(l.Name); ok {
		return fmt.Errorf("schema: label %q exists already: %w", l.Name, ErrDuplicate)
	}
	if l.Color == "" {
		l.Color = s.freeColor()
	}
	return s.try(func(c *Schema) { c.Labels = append(c.Labels, l) })
}

// AddRelationType adds a relation type; empty From or To lists allow any
// label on that side.
func (s *Schema) AddRelationType(r RelationType) error {
	if _, ok := s.RelationType(r.Name); ok {
		return fmt.Errorf("schema: relation type %q exists already: %w", r.Name, ErrDuplicate)
	}
	return s.try(func(c *Schema) { c.Relations = append(c.Relations, r) })
}

// RenameLabel renames a span label, in the relation types that name it too.
func (s *Schema) RenameLabel(old, new string) error {
	if _, ok := s.Label(old); !ok {
		return fmt.Errorf("schema: label %q: %w", old, ErrUnknownLabel)
	}
	if _, ok := s.Label(new); ok {
		return fmt.Errorf("schema: label %q exists already: %w", new, ErrDuplicate)
	}
	return s.try(func(c *Schema) {
		for i := range c.Labels {
			if c.Labels[i].Name == old {
				c.Labels[i].Name = new
			}
		}
		for i := range c.Relations {
			r := &c.Relations[i]
			for _, side := range []*[]string{&r.From, &r.To} {
				for k, n := range *side {
					if n == old {
						(*side)[k] = new
					}
				}
			}
		}
	})
}

// RenameRelationType renames a relation type.
func (s *Schema) RenameRelationType(old, new string) error {
	if _, ok := s.RelationType(old); !ok {
		return fmt.Errorf("schema: relation type %q: %w", old, ErrUnknownLabel)
	}
	if _, ok := s.RelationType(new); ok {
		return fmt.Errorf("schema: relation type %q exists already: %w", new, ErrDuplicate)
	}
	return s.try(func(c *Schema) {
		for i := range c.Relations {
			if c.Relations[i].Name == old {
				c.Relations[i].Name = new
			}
		}
	})
}

// DeleteLabel removes a span label and takes it out of the relation types
// that name it. A relation type that allows only this label on one side is
// an error: left with an empty list it would allow any label there.
func (s *Schema) DeleteLabel(name string) error {
	if _, ok := s.Label(name); !ok {
		return fmt.Errorf("schema: label %q: %w", name, ErrUnknownLabel)
	}
	for _, r := range s.Relations {
		if slices.Equal(r.From, []string{name}) || slices.Equal(r.To, []string{name}) {
			return fmt.Errorf("schema: relation type %q allows only label %q on one side: change or delete it first: %w", r.Name, name, ErrInvalid)
		}
	}
	return s.try(func(c *Schema) {
		c.Labels = slices.DeleteFunc(c.Labels, func(l Label) bool { return l.Name == name })
		for i := range c.Relations {
			r := &c.Relations[i]
			r.From = slices.DeleteFunc(r.From, func(n string) bool { return n == name })
			r.To = slices.DeleteFunc(r.To, func(n string) bool { return n == name })
		}
	})
}

// DeleteRelationType removes a relation type.
func (s *Schema) DeleteRelationType(name string) error {
	if _, ok := s.RelationType(name); !ok {
		return fmt.Errorf("schema: relation type %q: %w", name, ErrUnknownLabel)
	}
	return s.try(func(c *Schema) {
		c.Relations = slices.DeleteFunc(c.Relations, func(r RelationType) bool { return r.Name == name })
	})
}

// Clone returns a deep copy of s.
func (s *Schema) Clone() *Schema {
	c := &Schema{DocLabels: slices.Clone(s.DocLabels)}
	for _, l := range s.Labels {
		l.Attrs = slices.Clone(l.Attrs)
		for i := range l.Attrs {
			l.Attrs[i].Values = slices.Clone(l.Attrs[i].Values)
		}
		c.Labels = append(c.Labels, l)
	}
	for _, r := range s.Relations {
		r.From, r.To = slices.Clone(r.From), slices.Clone(r.To)
		c.Relations = append(c.Relations, r)
	}
	return c
}

// try applies change to a copy of s and, if the copy validates, makes it s.
func (s *Schema) try(change func(c *Schema)) error {
	c := s.Clone()
	change(c)
	if err := c.Validate(); err != nil {
		return err
	}
	*s = *c
	return nil
}
