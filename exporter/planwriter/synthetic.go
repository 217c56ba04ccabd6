package planwriter

import (
	"fmt"

	"cruscotto/model"
)

// Synthetic returns a plan of about n actions shaped like the Chamber's:
// 4 perspectives, strategic objectives of 10 operational objectives of 25
// actions, about 60 units, and every kind of target. Benchmarks and load
// tests use it.
func Synthetic(year, n int) *model.Plan {
	const opsPerStrategic, actionsPerOp = 10, 25
	perspNames := []string{"Tessuto economico locale", "Processi interni", "Apprendimento e crescita", "Economico-finanziaria"}
	p := &model.Plan{Year: year, Title: fmt.Sprintf("PIANO DELLA PERFORMANCE %d-%d", year, year+2)}
	for _, name := range perspNames {
		p.Perspectives = append(p.Perspectives, &model.Perspective{Name: name})
	}
	num := func(raw string, v float64, k model.Kind) *model.Value {
		return &model.Value{Raw: raw, Number: &v, Kind: k}
	}
	strategicCount := (n + opsPerStrategic*actionsPerOp - 1) / (opsPerStrategic * actionsPerOp)
	made := 0
	for s := 1; s <= strategicCount; s++ {
		so := &model.StrategicObjective{Code: fmt.Sprint(s), Description: fmt.Sprintf("Obiettivo strategico %d", s), KPI: "ponderazione",
			Targets: map[int]float64{year: 80, year + 1: 80, year + 2: 85}}
		ps := p.Perspectives[(s-1)*len(perspNames)/strategicCount]
		ps.Strategic = append(ps.Strategic, so)
		for o := 1; o <= opsPerStrategic && made < n; o++ {
			op := &model.OperationalObjective{Code: fmt.Sprintf("%d.%d", s, o), Title: fmt.Sprintf("Obiettivo operativo %d.%d", s, o), Weight: 10, KPI: "ponderazione"}
			so.Operational = append(so.Operational, op)
			for a := 1; a <= actionsPerOp && made < n; a++ {
				act := &model.Action{Code: fmt.Sprintf("%s.%d", op.Code, a), Title: fmt.Sprintf("Azione %s.%d", op.Code, a), Weight: 4,
					KPI: "numero di iniziative realizzate nell'anno", Direction: model.HigherIsBetter, PIRA: a%7 == 0}
				switch a % 6 {
				case 0:
					act.Target, act.Threshold80, act.Threshold60 = num("40", 40, model.KindNumber), num("32", 32, model.KindNumber), num("24", 24, model.KindNumber)
				case 1:
					act.Target, act.Threshold80, act.Threshold60 = num("28 gg", 28, model.KindDays), num("30 gg", 30, model.KindDays), num("35 gg", 35, model.KindDays)
					act.Direction = model.LowerIsBetter
				case 2:
					act.Target, act.Threshold80, act.Threshold60 = num("75%", 75, model.KindPercent), num("70%", 70, model.KindPercent), num("60%", 60, model.KindPercent)
				case 3:
					act.Target, act.Threshold80, act.Threshold60 = num("luglio", 7, model.KindMonth), num("settembre", 9, model.KindMonth), num("ottobre", 10, model.KindMonth)
					act.Direction = model.LowerIsBetter
				case 4:
					act.Target, act.Threshold80, act.Threshold60 = num("1.400", 1400, model.KindNumber), num("1.000", 1000, model.KindNumber), num("600", 600, model.KindNumber)
				case 5:
					act.Target, act.Threshold80, act.Threshold60 = num("4,5", 4.5, model.KindNumber), num("4", 4, model.KindNumber), num("3,5", 3.5, model.KindNumber)
				}
				unit := fmt.Sprintf("Unità %02d", (made*7)%60+1)
				act.Responsible, act.Units = fmt.Sprintf("U.O. %q", unit), []string{unit}
				op.Actions = append(op.Actions, act)
				made++
			}
		}
	}
	p.SummariseUnits()
	return p
}
