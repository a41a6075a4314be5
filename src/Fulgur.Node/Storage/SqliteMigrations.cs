namespace Fulgur.Node.Storage;

/// <summary>The SQLite schema, in order. Append only.</summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "vars: node-wide named values",
            """
            CREATE TABLE vars (
                name TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            );
            """),
    ];
}
