package model_test

import (
	"fmt"
	"testing"

	"cruscotto/model"
)

// BenchmarkScore10k scores a plan of 10,000 actions, all measured.
func BenchmarkScore10k(b *testing.B) {
	p := &model.Plan{Year: 2020}
	measured := map[string]*model.Measurement{}
	ps := &model.Perspective{Name: "P"}
	p.Perspectives = append(p.Perspectives, ps)
	for s := 1; s <= 40; s++ {
		so := &model.StrategicObjective{Code: fmt.Sprint(s), Targets: map[int]float64{2020: 80}}
		ps.Strategic = append(ps.Strategic, so)
		for o := 1; o <= 10; o++ {
			op := &model.OperationalObjective{Code: fmt.Sprintf("%d.%d", s, o), Weight: 10}
			so.Operational = append(so.Operational, op)
			for a := 1; a <= 25; a++ {
				x := act("28 gg", "30 gg", "35 gg", model.LowerIsBetter)
				x.Code, x.Weight = fmt.Sprintf("%s.%d", op.Code, a), 4
				op.Actions = append(op.Actions, x)
				measured[x.Code] = &model.Measurement{Value: model.ParseText(fmt.Sprintf("%d gg", 25+a%12))}
			}
		}
	}
	for _, method := range []model.Method{model.MethodStep, model.MethodLinear} {
		b.Run(string(method), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sc := model.Score(p, model.Period{Year: 2020}, measured, method)
				if len(sc.Actions) != 10000 {
					b.Fatal(len(sc.Actions))
				}
			}
		})
	}
}
