import Foundation
import Calibration
import ClassicalTestTheory
import ExamDesign
import IRTModels
import ItemBanking
import Plots
import Scoring

/// The sections of the report, in the order of the domain notes' §1.5.
extension Context {
    // MARK: 1–6: the scheme

    func purpose() -> ReportSection {
        let m = bank.manifest
        var s = section(1, "purpose", "Purpose, intended population and score use; scheme version")
        s.status = .partial
        s.reason = "the governance and impartiality statement is not recorded in the bank; the certification body adds it"
        s.paragraphs = [
            m.description,
            "Intended use: certify business mentors at four ordered levels (\(MentorLevel.allCases.map(\.rawValue).joined(separator: " < "))) "
                + "on one θ scale; a candidate passes when the final level is at least \(m.certificationLevel.rawValue) "
                + "(the overall θ only; section results are diagnostic).",
        ]
        s.facts = [
            ReportFact("bankName", "Bank", .text(m.name)),
            ReportFact("bankVersion", "Scheme version", .text(m.version)),
            ReportFact("language", "Language", .text(m.language)),
            ReportFact("certificationLevel", "Certification level", .text(m.certificationLevel.rawValue)),
            ReportFact("parameterSource", "Parameter source", .text(m.parameterSource?.source.rawValue ?? "not recorded")),
            ReportFact("items", "Items in the bank", .integer(bank.items.count)),
        ]
        s.tables = [ReportTable(
            id: "levels", title: "Levels and cut scores (θ)",
            columns: [.init("level", "Level"), .init("title", "Title"), .init("cut", "Lower cut (θ)"), .init("description", "Descriptor")],
            rows: m.levels.map { l in
                [.text(l.id.rawValue), .text(l.title), .finite(cuts.first { $0.level == l.id.rawValue }?.theta), .text(l.description)]
            },
            note: "Novice has no lower cut: a candidate below the intermediate cut is novice.")]
        return s
    }

    func jobAnalysis() -> ReportSection {
        var s = section(2, "jobAnalysis", "Job and practice analysis")
        s.status = .notRecorded
        s.reason = "the bank carries no job-analysis record (panel, survey sample, task ratings, date); the blueprint weights "
            + "are the scheme's starting hypothesis until a job analysis replaces them (ISO/IEC 17024 8.4)"
        return s
    }

    func blueprint() -> ReportSection {
        let m = bank.manifest
        let stats = BankStatistics(bank: bank)
        var s = section(3, "blueprint", "Blueprint and specifications")
        let formIDs = Set(form.map(\.id))
        s.tables.append(ReportTable(
            id: "blueprintCoverage", title: "Blueprint sections and coverage by operational items",
            columns: [.init("section", "Section"), .init("title", "Title"), .init("share", "Share"), .init("minItems", "Min"),
                      .init("maxItems", "Max"), .init("operationalItems", "Operational items"),
                      .init("itemsInResponses", "Items in the responses"), .init("poolNeeded", "Pool needed"), .init("pass", "Covered")],
            rows: zip(m.blueprint.sections, stats.coverage).map { section, c in
                [.text(section.id), .text(section.title), .finite(section.share), .integer(section.minItems), .integer(section.maxItems),
                 .integer(c.operationalItems), .integer(bank.items.filter { $0.section == section.id && formIDs.contains($0.id) }.count),
                 .integer(c.poolNeeded), .flag(c.pass)]
            },
            note: "Pool needed = ⌈max(min items, share × maximum length) / maximum exposure⌉ operational items."))
        s.tables.append(ReportTable(
            id: "itemCounts", title: "Items by section, level and status",
            columns: [.init("section", "Section"), .init("level", "Level"), .init("status", "Status"), .init("items", "Items")],
            rows: stats.counts.map { [.text($0.section), .text($0.level), .text($0.status), .integer($0.items)] }))
        let e = m.exam
        s.facts = [
            ReportFact("minLength", "Minimum length (scored items)", .integer(e.minLength)),
            ReportFact("maxLength", "Maximum length (scored items)", .integer(e.maxLength)),
            ReportFact("targetSE", "Target SE of θ̂", .finite(e.targetSE)),
            ReportFact("maxExposure", "Maximum exposure rate", .finite(e.maxExposure)),
            ReportFact("pretestItems", "Pretest items per exam", .integer(e.pretestItems ?? 0)),
            ReportFact("sectionMaxSE", "Section SE above which a section shows “not enough evidence”", .finite(e.sectionMaxSE)),
        ]
        return s
    }

    func itemDevelopment() -> ReportSection {
        var s = section(4, "itemDevelopment", "Item development and item-bank status")
        s.status = .partial
        s.reason = "writer and reviewer qualifications, content and sensitivity reviews and key verification are not recorded in the bank"
        s.tables = [ReportTable(
            id: "itemStatus", title: "Item-bank status",
            columns: [.init("status", "Status"), .init("items", "Items"), .init("withParameters", "With parameters")],
            rows: ItemStatus.allCases.map { st in
                let items = bank.items.filter { $0.status == st }
                return [.text(st.rawValue), .integer(items.count), .integer(items.filter { $0.parameters != nil }.count)]
            })]
        return s
    }

    func administration() -> ReportSection {
        var s = section(5, "administration", "Administration")
        s.status = .notRecorded
        s.reason = "delivery modes, accommodations, incidents and security measures are records of the certification body, not of the bank or the responses"
        return s
    }

    func scoring() -> ReportSection {
        let m = bank.manifest
        var s = section(6, "scoring", "Scoring")
        s.status = .partial
        s.reason = "key validation before release and rater agreement for interview or portfolio parts are not recorded"
        s.paragraphs = [
            "Adaptive exam: interim estimator \(m.exam.interimEstimator.rawValue.uppercased()), final estimator "
                + "\(m.exam.finalEstimator.rawValue.uppercased()); pass = unrounded final θ̂ ≥ the \(m.certificationLevel.rawValue) cut. "
                + "Combination rule (AERA 11.15): the certification decision and the level use the overall θ only; section θs are diagnostic.",
            "The responses of this report are scored with the final estimator (\(estimator.rawValue.uppercased())) on the bank's parameters.",
        ]
        if let r = m.reportingScale {
            s.facts = [ReportFact("scaleIntercept", "Reporting scale intercept A", .finite(r.intercept)),
                       ReportFact("scaleSlope", "Reporting scale slope B", .finite(r.slope))]
        }
        return s
    }

    // MARK: 7–8: items and the form

    func itemAnalysis() -> ReportSection {
        var s = section(7, "itemAnalysis", "Item analysis")
        s.restsOnSimulatedParameters = simulated
        if let difProblem {
            s.status = .partial
            s.reason = "DIF column not computed: \(difProblem)"
        }
        let difOf = Dictionary((dif?.items ?? []).map { ($0.itemId, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = Dictionary(analysis.rows.map { ($0.itemID, $0) }, uniquingKeysWith: { a, _ in a })
        let fits = Dictionary((fit ?? []).map { ($0.itemID, $0) }, uniquingKeysWith: { a, _ in a })
        let sectionOf = Dictionary(bank.items.map { ($0.id, $0.section) }, uniquingKeysWith: { a, _ in a })
        s.tables = [ReportTable(
            id: "items", title: "Item statistics",
            columns: [.init("item", "Item"), .init("section", "Section"), .init("model", "Model"), .init("n", "N"),
                      .init("pValue", "p"), .init("itemRest", "r (item–rest)"), .init("alphaIfDeleted", "α if deleted"),
                      .init("discrimination", "a"), .init("location", "b"), .init("sx2", "S-X²"), .init("df", "df"),
                      .init("sx2P", "p (S-X²)"), .init("infit", "Infit"), .init("outfit", "Outfit"), .init("dif", "DIF (ETS)"), .init("flags", "Flags")],
            rows: form.map { item in
                let r = rows[item.id], f = fits[item.id]
                let p = item.parameters
                return [.text(item.id), .text(sectionOf[item.id] ?? ""), .text(p.model.rawValue), .integer(r?.n ?? 0),
                        .finite(r?.pValue ?? r?.meanScore.map { $0 / Double(max(1, r?.maxScore ?? 1)) }), .finite(r?.itemRestCorrelation),
                        .finite(r?.alphaIfDeleted), .finite(p.discrimination), .finite(Figures.location(p)),
                        .finite(f?.sx2), f?.df.map { .integer($0) } ?? .number(nil), .finite(f?.p), .finite(f?.infit),
                        .finite(f?.outfit), .text(difOf[item.id].map { ($0.mhClass?.rawValue ?? "–") + ($0.flagged ? " flagged" : "") } ?? "–"),
                        .text(((r?.flags ?? []) + (difOf[item.id]?.flagged == true ? ["DIF"] : [])).joined(separator: "; "))]
            },
            note: "p: proportion correct (graded items: mean score / maximum). Flags: p outside [\(analysis.thresholds.minimumPValue), "
                + "\(analysis.thresholds.maximumPValue)] or item–rest r below \(analysis.thresholds.minimumItemRest) [convention]. "
                + "S-X² (Orlando & Thissen 2000) on persons with complete responses, df reduced by the model's free parameters; "
                + "infit/outfit on \(estimator.rawValue.uppercased()) estimates. DIF: Mantel–Haenszel ETS class (section 12). "
                + "Empty cells: not defined for these data (see warnings)."
                + (fit == nil ? " Item fit was not computed for this report." : ""))]
        s.figures = [ReportFigure(id: "item-map", caption: "Item map: persons' θ̂ (\(estimator.rawValue.uppercased())) and the items' locations on one θ scale, with the cut scores.",
                                  content: .wrightMap(Figures.wright(persons: thetas, items: form, cuts: cutLines)))]
        return s
    }

    func testStatistics() -> ReportSection {
        var s = section(8, "testStatistics", "Form and test statistics: reliability, SEM and CSEM")
        s.restsOnSimulatedParameters = simulated
        if let reliabilityProblem {
            s.status = .partial
            s.reason = "IRT reliability not computed: \(reliabilityProblem)"
        }
        let totals = completeTotals()
        let n = Double(totals.count)
        let mean = totals.isEmpty ? nil : totals.reduce(0, +) / n
        var sd: Double?, skew: Double?
        if let mean, totals.count > 2 {
            let m2 = totals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
            let m3 = totals.reduce(0) { $0 + pow($1 - mean, 3) } / n
            sd = (m2 * n / (n - 1)).squareRoot()
            skew = m2 > 0 ? m3 / pow(m2, 1.5) : nil
        }
        let sem: Double? = { if let sd, let a = analysis.alpha { return sd * (1 - a).squareRoot() }; return nil }()
        s.facts = [
            ReportFact("persons", "Persons", .integer(data.personCount)),
            ReportFact("items", "Items of the form", .integer(form.count)),
            ReportFact("completeCases", "Persons with complete responses", .integer(analysis.completeCount)),
            ReportFact("meanTotal", "Mean total score", .finite(mean)),
            ReportFact("sdTotal", "SD of the total score", .finite(sd)),
            ReportFact("minTotal", "Minimum total score", .finite(totals.min())),
            ReportFact("maxTotal", "Maximum total score", .finite(totals.max())),
            ReportFact("skewness", "Skewness (g₁)", .finite(skew)),
            ReportFact("alpha", "Cronbach's alpha", .finite(analysis.alpha)),
            ReportFact("kr20", "KR-20 (when every item is dichotomous)", .finite(analysis.kr20)),
            ReportFact("sem", "SEM (raw score) = SD·√(1 − α)", .finite(sem)),
        ]
        if let reliability {
            s.facts += reliabilityFacts(reliability)
            if let t = sectionReliabilityTable(reliability) { s.tables.append(t) }
        }
        let formBatch = ItemBatch(form.map(\.parameters))
        let poolBatch = ItemBatch(operational.map(\.parameters))
        s.tables.append(ReportTable(
            id: "csemAtCuts", title: "Information and CSEM at each cut score",
            columns: [.init("level", "Cut"), .init("theta", "θ"), .init("formInformation", "I(θ), form"),
                      .init("formCSEM", "CSEM, form"), .init("poolInformation", "I(θ), operational pool"),
                      .init("poolCSEM", "CSEM, operational pool")],
            rows: cuts.map { c in
                [.text(c.level), .finite(c.theta), .finite(formBatch.testInformation(at: c.theta)), .finite(formBatch.standardError(at: c.theta)),
                 .finite(poolBatch.testInformation(at: c.theta)), .finite(poolBatch.standardError(at: c.theta))]
            },
            note: "CSEM(θ) = 1/√I(θ) (Lord 1980); the form is the items of the responses, the pool every operational item with parameters. "
                + "An adaptive exam gives a subset of the pool: its precision is in section 11 (simulation)."))
        var groups: [(name: String, items: [ParameterSet.Item])] = [("form (\(form.count) items)", form)]
        if operational.count != form.count { groups.append(("operational pool (\(operational.count) items)", operational)) }
        s.figures.append(ReportFigure(id: "test-information", caption: "Test information of the form and of the operational pool, with the cut scores.",
                                      content: .plot(Figures.tif(groups, cuts: cutLines))))
        var extra: [Series] = []
        if let sim = simulation {
            let bands = sim.conditional.filter { $0.meanSE != nil && $0.lower != nil && $0.upper != nil }
            extra.append(Series(name: "adaptive exam, mean SE (simulation)", kind: .scatter,
                                x: bands.map { ($0.lower! + $0.upper!) / 2 }, y: bands.map { $0.meanSE ?? .nan }))
        }
        s.figures.append(ReportFigure(id: "csem", caption: "Conditional standard error of measurement"
                                      + (simulation == nil ? "." : "; points: mean reported SE of simulated adaptive exams by band of true θ."),
                                      content: .plot(Figures.csem(groups, cuts: cutLines, extra: extra))))
        let bySection = bank.manifest.blueprint.sections.map { sec -> (name: String, items: [ParameterSet.Item]) in
            let ids = Set(bank.items.filter { $0.section == sec.id }.map(\.id))
            return (sec.id, form.filter { ids.contains($0.id) })
        }.filter { !$0.items.isEmpty }
        if !bySection.isEmpty {
            s.figures.append(ReportFigure(id: "section-information", caption: "Test information of each blueprint section's items in the form.",
                                          content: .plot(Figures.tif(bySection, cuts: cutLines, title: "Test information by blueprint section"))))
        }
        return s
    }

    /// Total scores of persons who answered every item of the form.
    func completeTotals() -> [Double] {
        var out: [Double] = []
        for p in 0..<data.personCount {
            var total = 0.0, complete = true
            for j in 0..<data.itemCount {
                guard let x = data[p, j] else { complete = false; break }
                total += Double(x)
            }
            if complete { out.append(total) }
        }
        return out
    }

    // MARK: 9–12: decisions

    func equating() -> ReportSection {
        let scale = bank.manifest.effectiveScale
        var s = section(10, "equating", "Equating and scaling")
        s.status = .partial
        s.reason = "no linking or equating of forms is recorded for this bank version; an adaptive exam scores every candidate on the bank's one θ scale"
        s.restsOnSimulatedParameters = simulated
        s.facts = [
            ReportFact("latentMean", "Latent mean of the bank scale", .finite(scale.latentMean)),
            ReportFact("latentVariance", "Latent variance of the bank scale", .finite(scale.latentVariance)),
            ReportFact("calibration", "Calibration of the scale", .text(scale.calibration ?? "not recorded")),
        ]
        return s
    }

    func classification() -> ReportSection {
        var s = section(11, "classification", "Decision consistency and accuracy")
        s.restsOnSimulatedParameters = simulated
        if let reliability {
            s.paragraphs.append("Single-administration indices of the responses' form (Reliability module): Rudner (2001, 2005) from θ̂ and SE; "
                + "on fixed-form data also Lee (2010) for the IRT summed score and Livingston & Lewis (1995) for the raw score. "
                + "Accuracy = agreement with the true classification, consistency = agreement of two parallel administrations, κ = consistency beyond chance.")
            s.tables += classificationTables(reliability)
        }
        switch (reliability == nil, simulation == nil) {
        case (false, false): break
        case (true, true):
            s.status = .partial
            s.reason = "indices not computed (\(reliabilityProblem ?? "no reliability analysis")); no simulation was run"
        case (true, false):
            s.status = .partial
            s.reason = "single-administration indices not computed: \(reliabilityProblem ?? "no reliability analysis")"
        case (false, true):
            s.status = .partial
            s.reason = "no simulation was run, so no accuracy of the adaptive exam (give a number of simulated examinees)"
        }
        guard let sim = simulation else { return s }
        s.paragraphs.append("Accuracy of the adaptive exam from \(sim.examinees) simulated candidates (seed \(input.simulation?.seed ?? 0)) "
            + "drawn from the bank's latent distribution: the share whose θ̂ falls on the same side of each cut as their true θ.")
        if let acc = sim.classificationAccuracy {
            s.tables.append(ReportTable(
                id: "accuracyAtCuts", title: "Classification accuracy at each cut (simulation)",
                columns: [.init("level", "Cut"), .init("theta", "θ"), .init("accuracy", "Accuracy")],
                rows: acc.cuts.map { [.text($0.level), .finite($0.cut), .finite($0.accuracy)] }))
            s.facts += [ReportFact("levelAccuracy", "Four-level accuracy", .finite(acc.levels)),
                       ReportFact("falsePass", "False pass (certification cut)", .finite(acc.falsePass)),
                       ReportFact("falseFail", "False fail (certification cut)", .finite(acc.falseFail))]
        }
        s.facts += [ReportFact("rmse", "RMSE of θ̂", .finite(sim.rmse)), ReportFact("bias", "Bias of θ̂", .finite(sim.bias)),
                    ReportFact("meanSE", "Mean reported SE", .finite(sim.meanSE)), ReportFact("meanLength", "Mean length", .finite(sim.meanLength))]
        s.tables.append(ReportTable(
            id: "conditionalPrecision", title: "Precision by band of true θ (simulation)",
            columns: [.init("lower", "From θ"), .init("upper", "To θ"), .init("examinees", "Examinees"), .init("bias", "Bias"),
                      .init("rmse", "RMSE"), .init("meanSE", "Mean SE"), .init("meanLength", "Mean length")],
            rows: sim.conditional.map { [.finite($0.lower), .finite($0.upper), .integer($0.examinees), .finite($0.bias), .finite($0.rmse),
                                         .finite($0.meanSE), .finite($0.meanLength)] },
            note: "Empty bounds are open; empty statistics: no simulated candidate in the band."))
        return s
    }

    func passRates() -> ReportSection {
        var s = section(12, "passRates", "Pass rates, level distribution and fairness")
        s.restsOnSimulatedParameters = simulated
        s.status = .partial
        s.reason = dif == nil ? "DIF not computed: \(difProblem ?? "no group")" : "pass rates by subgroup (first-time/repeat, language, country, provider) need those columns in the responses"
        let estimates = thetas
        let n = Double(max(1, estimates.count))
        var counts = [Int](repeating: 0, count: 4)
        for t in estimates { counts[cuts.reduce(0) { $0 + (t >= $1.theta ? 1 : 0) }] += 1 }
        let names = ["novice"] + cuts.map(\.level)
        s.tables = [ReportTable(
            id: "levelDistribution", title: "Level distribution of the persons (θ̂ by \(estimator.rawValue.uppercased()))",
            columns: [.init("level", "Level"), .init("from", "From θ"), .init("persons", "Persons"), .init("share", "Share")],
            rows: names.indices.map { k in
                [.text(names[k]), .finite(k == 0 ? nil : cuts[k - 1].theta), .integer(counts[k]), .finite(Double(counts[k]) / n)]
            })]
        let passing = certificationCut.map { cut in estimates.filter { $0 >= cut }.count } ?? 0
        s.facts = [ReportFact("personsScored", "Persons with a θ̂", .integer(estimates.count)),
                   ReportFact("passRate", "Pass rate (θ̂ ≥ \(bank.manifest.certificationLevel.rawValue) cut)",
                              .finite(estimates.isEmpty ? nil : Double(passing) / n))]
        if let dif {
            s.tables.append(difTable(dif))
            s.facts.append(ReportFact("difFlagged", "Items flagged for DIF", .integer(dif.flagged.count)))
        }
        s.figures = [ReportFigure(
            id: "level-distribution", caption: "Persons per level (θ̂ against the bank's cut scores).",
            content: .plot(Plot(title: "Level distribution", xLabel: "Level (1 = novice … 4 = expert)", yLabel: "Persons",
                                series: [Series(name: "persons", kind: .bar, x: [1, 2, 3, 4], y: counts.map(Double.init), barWidth: 0.7)])))]
        return s
    }

    // MARK: 13–16

    func validity() -> ReportSection {
        var s = section(13, "validity", "Validity evidence")
        s.status = .partial
        s.reason = "internal structure (dimensionality) and relations with other variables are not computed by this build; "
            + "content evidence is the blueprint traceability of section 3"
        let covered = BankStatistics(bank: bank).coverage.filter(\.pass).count
        s.facts = [ReportFact("sectionsCovered", "Blueprint sections covered by the operational pool", .integer(covered)),
                   ReportFact("sections", "Blueprint sections", .integer(bank.manifest.blueprint.sections.count))]
        return s
    }

    func security() -> ReportSection {
        var s = section(14, "security", "Security and exposure")
        s.restsOnSimulatedParameters = simulated
        let controlled = bank.items.filter { $0.exposureControl != nil }.count
        s.facts = [ReportFact("sympsonHetterItems", "Items with a Sympson–Hetter parameter", .integer(controlled)),
                   ReportFact("exposureLimit", "Exposure limit", .finite(bank.manifest.exam.maxExposure))]
        guard let sim = simulation else {
            s.status = .partial
            s.reason = "no simulation was run, so no exposure rates; forensic flags and compromised items are records of the certification body"
            return s
        }
        s.status = .partial
        s.reason = "forensic flags and retired or compromised items are records of the certification body"
        s.facts += [ReportFact("maxExposure", "Highest exposure rate (simulation)", .finite(sim.maxExposure)),
                    ReportFact("unusedShare", "Share of operational items never given", .finite(sim.unusedShare)),
                    ReportFact("overlapRate", "Expected test overlap", .finite(sim.overlapRate)),
                    ReportFact("sectionViolations", "Exams outside a section's bounds", .integer(sim.sectionViolations)),
                    ReportFact("enemyViolations", "Exams with an enemy pair", .integer(sim.enemyViolations))]
        s.figures = [ReportFigure(id: "exposure", caption: "Exposure rates of the operational items in the simulated exams, highest first.",
                                  content: .plot(Figures.exposure(sim, limit: bank.manifest.exam.maxExposure)))]
        return s
    }

    func recertification() -> ReportSection {
        var s = section(15, "recertification", "Recertification, appeals and complaints")
        s.status = .notRecorded
        s.reason = "recertification data, appeals, complaints and re-scores are records of the certification body"
        return s
    }

    /// Findings of the other sections that call for action (ISO/IEC 17024 9.3).
    func deficiencies(_ sections: [ReportSection]) -> ReportSection {
        var s = section(16, "deficiencies", "Deficiencies found and corrective actions")
        var rows: [[ReportValue]] = []
        for r in analysis.rows where !r.flags.isEmpty {
            rows.append([.text("item"), .text(r.itemID), .text(r.flags.joined(separator: "; ")), .text("review the item's key, content and distractors")])
        }
        for f in fit ?? [] where (f.p ?? 1) < 0.01 {
            rows.append([.text("item fit"), .text(f.itemID), .text("S-X² p < .01"), .text("review the item; consider recalibration")])
        }
        for d in dif?.flaggedItems ?? [] {
            rows.append([.text("DIF"), .text(d.itemId), .text(d.reasons ?? "flagged for DIF"),
                         .text("content and sensitivity review of the item by an independent panel")])
        }
        for c in BankStatistics(bank: bank).coverage where !c.pass {
            rows.append([.text("blueprint"), .text(c.section), .text("\(c.operationalItems) operational items, \(c.poolNeeded) needed"),
                         .text("write and pretest items for the section")])
        }
        if let a = analysis.alpha, a < 0.8 {
            rows.append([.text("reliability"), .text("form"), .text("alpha below .80"), .text("lengthen the form or improve items")])
        }
        if let sim = simulation, sim.maxExposure > bank.manifest.exam.maxExposure + 0.03 {
            rows.append([.text("exposure"), .text("pool"), .text("maximum exposure above the limit"), .text("run exam calibrate-exposure")])
        }
        for other in sections where other.status == .notAvailable {
            rows.append([.text("not available"), .text("section \(other.number)"), .text(other.title), .text("add the module to the build")])
        }
        s.tables = [ReportTable(id: "findings", title: "Findings",
                                columns: [.init("kind", "Kind"), .init("subject", "Subject"), .init("finding", "Finding"), .init("action", "Suggested action")],
                                rows: rows, note: "Next review date and record retention are set by the certification body.")]
        s.facts = [ReportFact("findings", "Findings", .integer(rows.count))]
        return s
    }
}
