// The champion/challenger gate. A challenger is promoted when its gate metric beats the
// champion's by at least MinimumGain in the metric's direction; the reason always carries the
// numbers, because it is what an operator reads when asking "why is version 7 not live?".
using System.Globalization;

namespace EdgeFlows.Activities.Models;

/// <summary>
/// Decides whether a newly trained model (the challenger) replaces the promoted one (the
/// champion), on one metric. Bound from configuration (the pipeline's <c>Gate</c> section).
/// </summary>
public sealed class PromotionGate
{
    // Metrics are computed in floating point: 0.3 - 0.2 is 0.09999999999999998, and a challenger
    // that gains exactly the minimum on paper must not lose to rounding.
    private const double Tolerance = 1e-9;

    /// <summary>The metric compared, a key of the versions' metrics (e.g. <c>accuracy</c>). Required.</summary>
    public string Metric { get; set; } = "";

    /// <summary>Which way the metric improves (default <see cref="MetricDirection.Maximize"/>).</summary>
    public MetricDirection Direction { get; set; } = MetricDirection.Maximize;

    /// <summary>
    /// How much the challenger must improve on the champion, in the metric's units, to be
    /// promoted: 0 (the default) promotes a challenger that is at least as good. Never negative.
    /// </summary>
    public double MinimumGain { get; set; }

    /// <summary>
    /// Decides on <paramref name="challengerMetrics"/> against <paramref name="champion"/>.
    /// No champion: promote. Challenger without the metric (or not a finite number): not
    /// promoted. Champion without the metric: promote, since it cannot be compared.
    /// </summary>
    /// <exception cref="InvalidOperationException">The gate itself is misconfigured (no metric, a negative or non-finite minimum gain).</exception>
    public GateDecision Decide(IReadOnlyDictionary<string, double> challengerMetrics, ModelVersion? champion)
    {
        ArgumentNullException.ThrowIfNull(challengerMetrics);
        Validate();

        if (!challengerMetrics.TryGetValue(Metric, out var challenger) || !double.IsFinite(challenger))
        {
            var available = challengerMetrics.Count == 0 ? "none" : string.Join(", ", challengerMetrics.Keys.Order(StringComparer.Ordinal));
            var what = challengerMetrics.ContainsKey(Metric) ? $"a non-finite '{Metric}' ({Format(challenger)})" : $"no metric '{Metric}'";
            return new GateDecision(false, $"Not promoted: the challenger has {what}; its metrics: {available}.", champion?.Version);
        }

        if (champion is null)
        {
            return new GateDecision(true, $"Promoted: no champion yet; {Metric} = {Format(challenger)}.", null);
        }

        if (!champion.Metrics.TryGetValue(Metric, out var defender) || !double.IsFinite(defender))
        {
            return new GateDecision(
                true,
                $"Promoted: champion version {champion.Version} has no usable '{Metric}' to compare with; challenger {Metric} = {Format(challenger)}.",
                champion.Version);
        }

        var gain = Direction == MetricDirection.Maximize ? challenger - defender : defender - challenger;
        var slack = Tolerance * Math.Max(1, Math.Max(Math.Abs(challenger), Math.Abs(defender)));
        var promote = gain >= MinimumGain - slack;
        var comparison =
            $"{Metric} {Format(challenger)} vs champion version {champion.Version}'s {Format(defender)} " +
            $"({Direction.ToString().ToLowerInvariant()}; gain {FormatSigned(gain)}, minimum {Format(MinimumGain)})";
        return new GateDecision(promote, promote ? $"Promoted: {comparison}." : $"Not promoted: {comparison}.", champion.Version);
    }

    /// <summary>Checks the configuration; throws naming what is wrong.</summary>
    /// <exception cref="InvalidOperationException">No metric, or a negative or non-finite minimum gain.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Metric))
        {
            throw new InvalidOperationException("The promotion gate has no Metric: name the metric that decides (e.g. 'accuracy').");
        }

        if (!double.IsFinite(MinimumGain) || MinimumGain < 0)
        {
            throw new InvalidOperationException($"The promotion gate's MinimumGain must be a finite number ≥ 0, not {Format(MinimumGain)}.");
        }

        if (!Enum.IsDefined(Direction))
        {
            throw new InvalidOperationException($"The promotion gate's Direction must be Maximize or Minimize, not {(int)Direction}.");
        }
    }

    private static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string FormatSigned(double value) => value.ToString("+0.######;-0.######;0", CultureInfo.InvariantCulture);
}
