namespace EdgeFlows.Activities.Models;

/// <summary>The champion/challenger gate's decision (<see cref="PromotionGate.Decide"/>).</summary>
/// <param name="Promote">True when the challenger should become the champion.</param>
/// <param name="Reason">Why, with the numbers compared; recorded as the version's stage reason.</param>
/// <param name="ChampionVersion">The champion it was compared with, or null when there was none.</param>
public sealed record GateDecision(bool Promote, string Reason, int? ChampionVersion);
