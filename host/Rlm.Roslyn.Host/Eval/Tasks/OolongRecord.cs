namespace Rlm.Roslyn.Host.Eval;

/// <summary>One OOLONG-style record: a dated instance from a user, with its hidden label.</summary>
/// <param name="Date">The record's date.</param>
/// <param name="User">The user id.</param>
/// <param name="Instance">The text to classify.</param>
/// <param name="Label">The hidden label: one of <see cref="OolongDataset.Labels"/>.</param>
internal sealed record OolongRecord(DateOnly Date, int User, string Instance, string Label)
{
    /// <summary>The record as a context line: "Date: Jan 02, 2024 || User: 7 || Instance: ...".</summary>
    public string ToLine() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Date: {OolongDataset.FormatDate(Date)} || User: {User} || Instance: {Instance}");
}
