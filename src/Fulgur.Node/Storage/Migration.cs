namespace Fulgur.Node.Storage;

/// <summary>
/// One numbered schema step. Versions start at 1 and increase by one; a migration is never edited once released, a
/// later one changes what it made. Each backend keeps its own list with the same numbers.
/// </summary>
public sealed record Migration(int Version, string Description, string Sql);
