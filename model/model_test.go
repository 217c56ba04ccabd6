package model_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"cruscotto/model"
)

// fullPlan is a plan in which every pointer, slice and map reachable
// through exported fields is set, so that a clone sharing any of them shows.
func fullPlan() *model.Plan {
	num := func(raw string, n float64) *model.Value {
		return &model.Value{Raw: raw, Number: &n, Kind: model.KindNumber, Op: model.OpGE}
	}
	return &model.Plan{ID: 1, Year: 2020, Version: 2, Title: "PIANO DELLA PERFORMANCE 2020-2022", FileName: "piano.xlsx", SHA256: "ab12",
		ImportedAt: time.Date(2020, 1, 31, 10, 0, 0, 0, time.UTC),
		Perspectives: []*model.Perspective{{Name: "Processi interni", Strategic: []*model.StrategicObjective{{
			Code: "1", Description: "Semplificare", KPI: "ponderazione", Targets: map[int]float64{2020: 80, 2021: 85}, Cell: model.CellRef{Sheet: "Processi interni", Col: 1, Row: 6},
			Operational: []*model.OperationalObjective{{Code: "1.1", Title: "Digitalizzare", Weight: 100, KPI: "ponderazione", Cell: model.CellRef{Sheet: "Processi interni", Col: 5, Row: 6},
				Actions: []*model.Action{{Code: "1.1.1", Title: "Pratiche telematiche", Weight: 100, KPI: "numero",
					Target: num(">= 10", 10), Threshold80: num("8", 8), Threshold60: num("6", 6), Baseline: num("5", 5),
					Direction: model.HigherIsBetter, Responsible: `U.O. "Registro Imprese"`, Units: []string{"Registro Imprese"}, Cell: model.CellRef{Sheet: "Processi interni", Col: 9, Row: 6}}}}}}}}},
		Units:    []model.Unit{{Name: "Registro Imprese", Actions: 1}},
		Warnings: []model.Problem{{Sheet: "Processi interni", Cell: "Q23", Severity: model.SeverityWarning, Message: "pesi"}},
		Notes:    []model.Note{{Text: "Note: i target sono annuali", Cell: "Processi interni!A40"}},
		Blocks:   []model.Block{{Sheet: "Processi interni", HeaderTop: 4, LabelRow: 5, HeaderEnd: 5, LastCol: 17, LastRow: 40}},
		Mapping: &model.Mapping{Sheets: []model.SheetMapping{{Sheet: "Processi*", HeaderRows: [2]int{4, 5},
			Columns: []model.ColumnMapping{{Column: "I", Label: "Codice azione", Field: model.FieldActionCode}}}}},
	}
}

// references calls fn on every pointer, slice and map reachable from v
// through exported fields, by its path; fn returns whether to go on inside.
func references(path string, v reflect.Value, fn func(path string, v reflect.Value) bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if fn(path, v) && !v.IsNil() {
			references(path, v.Elem(), fn)
		}
	case reflect.Slice:
		if fn(path, v) {
			for i := range v.Len() {
				references(fmt.Sprintf("%s[%d]", path, i), v.Index(i), fn)
			}
		}
	case reflect.Map:
		fn(path, v) // the plan's maps hold numbers
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				references(path+"."+f.Name, v.Field(i), fn)
			}
		}
	}
}

func TestPlanClone(t *testing.T) {
	t.Run("SharesNothing", func(t *testing.T) {
		p := fullPlan()
		owned := map[uintptr]string{}
		references("plan", reflect.ValueOf(p), func(path string, v reflect.Value) bool {
			if v.IsNil() || v.Kind() == reflect.Slice && v.Len() == 0 {
				t.Errorf("%s is empty in the test plan: fill it, so that the clone is checked to copy it", path)
				return false
			}
			owned[v.Pointer()] = path
			return true
		})
		c := p.Clone()
		if !reflect.DeepEqual(c, p) {
			t.Fatalf("clone differs from the plan:\n got %+v\nwant %+v", c, p)
		}
		references("clone", reflect.ValueOf(c), func(path string, v reflect.Value) bool {
			if v.IsNil() {
				return false
			}
			if of, ok := owned[v.Pointer()]; ok {
				t.Errorf("%s is shared with %s", path, of)
			}
			return true
		})
	})
	t.Run("ChangesStayInTheClone", func(t *testing.T) {
		p := fullPlan()
		want, _ := json.Marshal(p)
		c := p.Clone()
		a := c.Actions()[0]
		*a.Target.Number, a.Threshold80.Raw, a.Units[0] = 99, "9", "SG"
		a.Baseline = nil
		c.Perspectives[0].Strategic[0].Targets[2020] = 50
		c.Perspectives[0].Strategic[0].Operational[0].Actions = append(c.Perspectives[0].Strategic[0].Operational[0].Actions, &model.Action{Code: "1.1.2"})
		c.Units[0].Actions, c.Warnings[0].Message, c.Notes[0].Text = 2, "altro", "altro"
		c.Mapping.Sheets[0].Columns[0].Field = model.FieldIgnore
		if got, _ := json.Marshal(p); string(got) != string(want) {
			t.Errorf("changing the clone changed the plan:\n got %s\nwant %s", got, want)
		}
		if p.Mapping.Sheets[0].Columns[0].Field != model.FieldActionCode {
			t.Errorf("changing the clone's mapping changed the plan's")
		}
	})
	t.Run("EmptyAndNil", func(t *testing.T) {
		for _, p := range []*model.Plan{
			{},
			{Perspectives: []*model.Perspective{{Strategic: []*model.StrategicObjective{{Targets: map[int]float64{}, Operational: []*model.OperationalObjective{}}}}},
				Units: []model.Unit{}, Warnings: []model.Problem{}, Notes: []model.Note{}},
		} {
			want, _ := json.Marshal(p)
			if got, _ := json.Marshal(p.Clone()); string(got) != string(want) {
				t.Errorf("clone marshals as %s, want %s", got, want)
			}
		}
	})
}
