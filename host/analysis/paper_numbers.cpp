#include "host/analysis/paper_numbers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "host/analysis/statistics.hpp"
#include "host/core/error.hpp"
#include "host/core/study.hpp"

namespace rbmdyn::analysis {
namespace {

constexpr double kNan = HeadlineNumber::kNaN;

HeadlineNumber row(std::string id, std::string name, double paper, double paper_sem, std::string units,
                   std::string notes) {
  HeadlineNumber h;
  h.id = std::move(id);
  h.name = std::move(name);
  h.paper = paper;
  h.paper_sem = paper_sem;
  h.units = std::move(units);
  h.notes = std::move(notes);
  return h;
}

void set_mean_sem(HeadlineNumber& h, const MeanSem& m) {
  h.ours = m.mean;
  h.ours_sem = m.sem;
  h.n = m.n;
}

void missing(HeadlineNumber& h, const std::string& why) {
  h.notes += (h.notes.empty() ? "" : "; ") + ("not computed: " + why);
}

// Step index of "step 100" (0-based 99), or the last step of a shorter run.
int64_t step100(const TrajectoryAnalysis& a, std::string& note) {
  if (a.n_steps() >= 100) return 99;
  note = "; run has only " + std::to_string(a.n_steps()) + " steps: last step used";
  return a.n_steps() - 1;
}

std::vector<double> rounded_visited(const TrajectoryAnalysis& a) {
  std::vector<double> v;
  for (const GroupSummary& g : a.groups) v.push_back(g.visited.mean_rounded);
  return v;
}
std::vector<double> rounded_runs(const TrajectoryAnalysis& a) {
  std::vector<double> v;
  for (const GroupSummary& g : a.groups) v.push_back(g.runs.mean_rounded);
  return v;
}
// Rounded per-group mean non-digit time of groups [first, groups).
std::vector<double> rounded_nondigit(const TrajectoryAnalysis& a, std::size_t first = 0) {
  std::vector<double> v;
  for (std::size_t g = first; g < a.groups.size(); ++g) v.push_back(a.groups[g].state_time[kNonDigit].mean_rounded);
  return v;
}

// The LB rows of §9, in order: accuracy, ρ(accuracy, entropy), % active and k, then the trajectory and
// transition-matrix figures. `absent` explains missing rows when there are no LB results.
void add_lb_accuracy(std::vector<HeadlineNumber>& rows, const TrajectoryAnalysis* lb, int64_t t100,
                     const std::string& step_note, const std::string& absent) {
  HeadlineNumber acc = row("lb_accuracy_step100", "LB mean classifier accuracy at step 100", 11.2, kNan, "%",
                           "acc[t] over all LB chains, non-digit counts as wrong (method.md §7.4)" + step_note);
  HeadlineNumber acc0 = row("lb_accuracy_digit0_step100", "LB digit-0 accuracy at step 100", 86.0, kNan, "%",
                            "acc_d[0, t] over the digit-0 chains (§7.4)" + step_note);
  if (lb) {
    acc.ours = 100.0 * lb->accuracy->overall[t100];
    acc.n = lb->n_chains();
    acc0.ours = 100.0 * lb->accuracy->per_label[0 * lb->n_steps() + t100];
    acc0.n = lb->accuracy->label_sizes[0];
  } else {
    missing(acc, absent);
    missing(acc0, absent);
  }
  acc.decimals = acc0.decimals = 1;
  rows.push_back(acc);
  rows.push_back(acc0);

}

void add_lb_entropy_correlation(std::vector<HeadlineNumber>& rows, const TrajectoryAnalysis* lb,
                                const std::string& absent) {
  HeadlineNumber rho_p =
      row("lb_rho_accuracy_entropy_pearson", "ρ(accuracy, mean entropy) over steps, Pearson", -0.999, kNan, "",
          "n = steps; primary (§7.7, §10 #29); entropy of the renormalised "
          "digit probabilities (§7.6)");
  HeadlineNumber rho_s = row("lb_rho_accuracy_entropy_spearman", "ρ(accuracy, mean entropy) over steps, Spearman",
                             -0.999, kNan, "", "secondary (§7.7); paper value is the unspecified ρ");
  if (lb && lb->entropy) {
    const std::vector<double> ent = lb->entropy->mean();
    for (auto [h, c] : {std::pair{&rho_p, pearson(lb->accuracy->overall, ent)},
                        std::pair{&rho_s, spearman(lb->accuracy->overall, ent)}}) {
      h->ours = c.r;
      h->p_value = c.p_value;
      h->n = c.n;
    }
  } else {
    missing(rho_p, lb ? "no entropy given" : absent);
    missing(rho_s, lb ? "no entropy given" : absent);
  }
  rows.push_back(rho_p);
  rows.push_back(rho_s);

}

void add_lb_activity(std::vector<HeadlineNumber>& rows, const TrajectoryAnalysis* lb, int64_t t100,
                     const std::string& step_note, const std::string& absent, int64_t n_hidden) {
  HeadlineNumber act1 = row("lb_active_step1", "LB % active hidden units at step 1", 14.964, 0.079, "%",
                            "mean ± SEM (ddof 0) over the 10 unrounded per-digit means (§7.5)");
  HeadlineNumber act100 = row("lb_active_step100", "LB % active hidden units at step 100", 21.892, 0.054, "%",
                              "mean ± SEM (ddof 0) over the 10 unrounded per-digit means (§7.5)" + step_note);
  HeadlineNumber k = row("k_from_step1_activity", "k = floor(mean fraction active at step 1 × hidden units)", 149.0,
                         kNan, "", "§5.1 rule applied to our step-1 activity, n_hidden = " + std::to_string(n_hidden));
  if (lb && lb->active) {
    std::vector<double> s1, s100;
    for (int32_t d = 0; d < lb->n_groups(); ++d) {
      const std::vector<double> m = lb->active->mean(d);
      s1.push_back(m[0]);
      s100.push_back(m[t100]);
    }
    set_mean_sem(act1, mean_sem(s1, kSemDdofPaperSummary));
    set_mean_sem(act100, mean_sem(s100, kSemDdofPaperSummary));
    k.ours = k_rule(act1.ours, n_hidden);
    k.n = kNumDigits;
  } else {
    for (HeadlineNumber* h : {&act1, &act100, &k}) missing(*h, lb ? "no % active given" : absent);
  }
  k.decimals = 0;
  rows.push_back(act1);
  rows.push_back(act100);
  rows.push_back(k);

}

void add_lb_trajectories(std::vector<HeadlineNumber>& rows, const TrajectoryAnalysis* lb, const std::string& absent) {
  HeadlineNumber v = row("lb_visited_states", "LB visited states per trajectory", 1.779, 0.211, "",
                         "mean ± SEM (ddof 0) over the 10 per-digit means rounded to 2 decimals (§7.7, §10 #26)");
  HeadlineNumber r = row("lb_transitions", "LB transitions (runs) per trajectory", 2.903, 0.538, "",
                         "runs after removing non-digit steps (§7.1, §10 #16); mean ± SEM (ddof 0) over the 10 "
                         "rounded per-digit means");
  HeadlineNumber vt = row("lb_visited_states_per_trajectory", "LB visited states, over all trajectories", 1.779, 0.211,
                          "", "the paper's 'n = 1000' reading: mean ± SEM (ddof 0) over trajectories (§10 #26)");
  HeadlineNumber rt = row("lb_transitions_per_trajectory", "LB transitions, over all trajectories", 2.903, 0.538, "",
                          "the paper's 'n = 1000' reading (§10 #26)");
  HeadlineNumber same = row("lb_p_same_digit", "P(same digit) in the pooled LB transition matrix", 0.870, 0.021, "",
                            "mean ± SEM (ddof 0) of P[d, d], d = 0..9, NaN rows excluded (§7.3, §7.7)");
  HeadlineNumber other = row("lb_p_digit_to_other", "P(digit → other state), pooled LB matrix", 0.012, 0.002, "",
                             "mean ± SEM (ddof 0) of all 110 off-diagonal entries incl. the non-digit row and "
                             "column, NaN excluded (§7.7)");
  HeadlineNumber nd_stay = row("lb_p_nondigit_stay", "P(non-digit → non-digit), pooled LB matrix", 1.0, kNan, "",
                               "the non-digit state is nearly absorbing (§9)");
  nd_stay.paper_text = "≈ 1";
  HeadlineNumber nd = row("lb_nondigit_time_digits_1_9", "LB non-digit state time, digits 1–9", 76.099, 4.213, "steps",
                          "mean ± SEM (ddof 0) over the 9 rounded per-digit means (§7.7)");
  HeadlineNumber nd10 = row("lb_nondigit_time_all_digits", "LB non-digit state time, all 10 digits", kNan, kNan,
                            "steps", "not in the paper; the primary MWU reference sample (§7.7)");
  nd10.paper_text = "—";
  HeadlineNumber zero = row("lb_digit0_time_as_0", "LB digit 0: state time in class 0", kNan, kNan, "steps",
                            "mean over the digit-0 chains (§7.1)");
  zero.paper_text = "most of the 100 steps";
  if (lb) {
    set_mean_sem(v, mean_sem(rounded_visited(*lb), kSemDdofPaperSummary));
    set_mean_sem(r, mean_sem(rounded_runs(*lb), kSemDdofPaperSummary));
    vt.ours = lb->pooled.visited.mean;
    vt.ours_sem = lb->pooled.visited.sem;
    vt.n = lb->pooled.n_chains;
    rt.ours = lb->pooled.runs.mean;
    rt.ours_sem = lb->pooled.runs.sem;
    rt.n = lb->pooled.n_chains;
    const std::vector<double>& p = lb->transitions.pooled_probabilities;
    std::vector<double> diagonal, off;
    for (int i = 0; i < kNumStates; ++i)
      for (int j = 0; j < kNumStates; ++j) {
        if (i == j && i < kNumDigits) diagonal.push_back(p[i * kNumStates + j]);
        if (i != j) off.push_back(p[i * kNumStates + j]);
      }
    set_mean_sem(same, mean_sem_ignoring_nan(diagonal, kSemDdofPaperSummary));
    set_mean_sem(other, mean_sem_ignoring_nan(off, kSemDdofPaperSummary));
    nd_stay.ours = p[kNonDigit * kNumStates + kNonDigit];
    for (int j = 0; j < kNumStates; ++j) nd_stay.n += lb->transitions.pooled_counts[kNonDigit * kNumStates + j];
    if (std::isnan(nd_stay.ours)) nd_stay.notes += "; NaN: no chain was ever non-digit before the last step";
    set_mean_sem(nd, mean_sem(rounded_nondigit(*lb, 1), kSemDdofPaperSummary));
    set_mean_sem(nd10, mean_sem(rounded_nondigit(*lb), kSemDdofPaperSummary));
    zero.ours = lb->groups[0].state_time[0].mean;
    zero.ours_sem = lb->groups[0].state_time[0].sem;
    zero.n = lb->groups[0].n_chains;
  } else {
    for (HeadlineNumber* h : {&v, &r, &vt, &rt, &same, &other, &nd_stay, &nd, &nd10, &zero}) missing(*h, absent);
  }
  for (const HeadlineNumber& h : {v, r, vt, rt, same, other, nd_stay, nd, nd10, zero}) rows.push_back(h);
}

void add_label_biasing(std::vector<HeadlineNumber>& rows, const TrajectoryAnalysis* lb, int64_t n_hidden) {

  const std::string absent = "no label-biasing results";
  std::string step_note;
  const int64_t t100 = lb ? step100(*lb, step_note) : 0;

  add_lb_accuracy(rows, lb, t100, step_note, absent);
  add_lb_entropy_correlation(rows, lb, absent);
  add_lb_activity(rows, lb, t100, step_note, absent, n_hidden);
  add_lb_trajectories(rows, lb, absent);
}

struct MethodPaper {
  const char* key;
  const char* label;
  double visited, visited_sem, p_visited, nondigit, nondigit_sem, p_nondigit;
};

void add_chimera(std::vector<HeadlineNumber>& rows, const TrajectoryAnalysis* m, const TrajectoryAnalysis* lb,
                 const MethodPaper& paper) {
  const std::string k = paper.key, label = paper.label;
  const std::string absent = std::string("no ") + label + " results";
  HeadlineNumber v =
      row(k + "_visited_states", label + " visited states per trajectory", paper.visited, paper.visited_sem, "",
          "mean ± SEM (ddof 0) over the 45 per-pair means rounded to 2 "
          "decimals (§7.7)");
  HeadlineNumber pv =
      row(k + "_mwu_visited_p", label + " vs LB visited states, Mann–Whitney p (greater)", paper.p_visited, kNan, "",
          "x = 45 rounded per-pair means, y = 10 rounded LB per-digit "
          "means, one-sided 'greater', SciPy 'auto' (§7.7, §10 #28)");
  HeadlineNumber nd = row(k + "_nondigit_time", label + " non-digit state time", paper.nondigit, paper.nondigit_sem,
                          "steps", "mean ± SEM (ddof 0) over the 45 rounded per-pair means (§7.7)");
  HeadlineNumber pnd =
      row(k + "_mwu_nondigit_p", label + " vs LB non-digit time, Mann–Whitney p (less)", paper.p_nondigit, kNan, "",
          "y = the 10 rounded LB per-digit means, one-sided 'less'; "
          "primary (§7.7)");
  HeadlineNumber pnd9 = row(k + "_mwu_nondigit_p_9digits", label + " vs LB non-digit time, MWU p (less), digits 1–9",
                            paper.p_nondigit, kNan, "", "y = LB digits 1–9 only; secondary variant (§7.7)");
  HeadlineNumber p69 = row(k + "_visited_pair_6_9", label + " visited states of pair {6,9}", kNan, kNan, "",
                           "per-pair mean over its chains (§7.2)");
  p69.paper_text = "high with both methods";
  for (HeadlineNumber* h : {&pv, &pnd, &pnd9}) h->scientific = true;

  if (m) {
    const std::vector<double> visited = rounded_visited(*m), nondigit = rounded_nondigit(*m);
    set_mean_sem(v, mean_sem(visited, kSemDdofPaperSummary));
    set_mean_sem(nd, mean_sem(nondigit, kSemDdofPaperSummary));
    const auto& pairs = digit_pairs();
    const auto at = static_cast<std::size_t>(std::find(pairs.begin(), pairs.end(), std::array<int, 2>{6, 9}) -
                                             pairs.begin());
    const GroupSummary& g69 = m->groups[at];
    p69.ours = g69.visited.mean;
    p69.ours_sem = g69.visited.sem;
    p69.n = g69.n_chains;
    const auto rank = 1 + std::count_if(visited.begin(), visited.end(), [&](double x) { return x > visited[at]; });
    p69.notes += "; rank " + std::to_string(rank) + " of 45 by rounded mean";
    if (lb) {
      auto test = [](HeadlineNumber& h, const std::vector<double>& x, const std::vector<double>& y, Alternative alt) {
        const MannWhitneyResult r = mann_whitney_u(x, y, alt, MwuMethod::automatic);
        h.ours = r.p_value;
        h.n = static_cast<int64_t>(x.size());
        char u[32];
        std::snprintf(u, sizeof u, "%.1f", r.u_x);
        h.notes +=
            std::string("; U = ") + u + ", n_y = " + std::to_string(y.size()) + ", " + mwu_method_name(r.method_used);
      };
      test(pv, visited, rounded_visited(*lb), Alternative::greater);
      test(pnd, nondigit, rounded_nondigit(*lb), Alternative::less);
      test(pnd9, nondigit, rounded_nondigit(*lb, 1), Alternative::less);
    } else {
      for (HeadlineNumber* h : {&pv, &pnd, &pnd9}) missing(*h, "no label-biasing results");
    }
  } else {
    for (HeadlineNumber* h : {&v, &pv, &nd, &pnd, &pnd9, &p69}) missing(*h, absent);
  }
  for (const HeadlineNumber& h : {v, pv, p69, nd, pnd, pnd9}) rows.push_back(h);
}

void check_groups(const TrajectoryAnalysis* a, int32_t expected, const char* what) {
  if (a && a->n_groups() != expected)
    fail(std::string(what) + " results have " + std::to_string(a->n_groups()) + " groups, expected " +
         std::to_string(expected));
}

}  // namespace



std::vector<HeadlineNumber> paper_numbers(const PaperInputs& in) {
  check_groups(in.label_biasing, kNumDigits, "label-biasing");
  check_groups(in.intersection, kDigitPairs, "intersection");
  check_groups(in.double_lb, kDigitPairs, "double label biasing");
  if (in.label_biasing && !in.label_biasing->accuracy)
    fail("label-biasing results have no labels (accuracy); group d must be labelled with digit d");

  std::vector<HeadlineNumber> rows;
  add_label_biasing(rows, in.label_biasing, in.n_hidden);
  add_chimera(rows, in.intersection, in.label_biasing,
              {"int", "Intersection", 2.951, 0.099, 6.703e-5, 12.156, 2.272, 2.338e-5});
  add_chimera(rows, in.double_lb, in.label_biasing, {"2lb", "Double LB", 2.104, 0.122, 0.139, 25.032, 4.215, 5.054e-4});

  HeadlineNumber rp = row("rho_methods_visited_pearson",
                          "ρ(per-pair visited states: intersection, double LB), "
                          "Pearson",
                          0.334, kNan, "", "n = 45 rounded per-pair means; primary (§7.7)");
  HeadlineNumber rs = row("rho_methods_visited_spearman",
                          "ρ(per-pair visited states: intersection, double LB), "
                          "Spearman",
                          0.334, kNan, "", "secondary (§7.7); paper value is the unspecified ρ");
  if (in.intersection && in.double_lb) {
    const std::vector<double> a = rounded_visited(*in.intersection), b = rounded_visited(*in.double_lb);
    for (auto [h, c] : {std::pair{&rp, pearson(a, b)}, std::pair{&rs, spearman(a, b)}}) {
      h->ours = c.r;
      h->p_value = c.p_value;
      h->n = c.n;
    }
  } else {
    missing(rp, "needs both chimera methods");
    missing(rs, "needs both chimera methods");
  }
  rows.push_back(rp);
  rows.push_back(rs);

  HeadlineNumber max_v = row("max_visited_states", "Most digits visited by any trajectory", kNan, kNan, "",
                             "max V over every trajectory given (§9: none visits all 10)");
  max_v.paper_text = "< 10";
  max_v.decimals = 0;
  std::string per_set;
  for (auto [a, name] : {std::pair{in.label_biasing, "LB"}, std::pair{in.intersection, "intersection"},
                         std::pair{in.double_lb, "2LB"}}) {
    if (!a) continue;
    max_v.ours = std::isnan(max_v.ours) ? a->pooled.max_visited : std::max<double>(max_v.ours, a->pooled.max_visited);
    max_v.n += a->n_chains();
    per_set += std::string(per_set.empty() ? "" : ", ") + name + " " + std::to_string(a->pooled.max_visited);
  }
  if (per_set.empty())
    missing(max_v, "no results");
  else
    max_v.notes += "; per set: " + per_set;
  rows.push_back(max_v);
  return rows;
}

}  // namespace rbmdyn::analysis
