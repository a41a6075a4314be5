using Microsoft.Data.Sqlite;

namespace Fulgur.Node.Storage;

/// <summary>What the SQLite repositories share: commands bound to the store's transaction, and rows read into records.</summary>
internal abstract class SqliteRepository(SqliteConnection connection, SqliteTransaction transaction)
{
    protected SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Runs <paramref name="command"/> and maps each row; a row <paramref name="map"/> returns null for is skipped.</summary>
    protected static async Task<List<T>> ReadAllAsync<T>(SqliteCommand command, Func<SqliteDataReader, T?> map, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(map);
        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (map(reader) is { } item)
                list.Add(item);
        }
        return list;
    }
}
