using Fulgur.Protocol.Types;
using Microsoft.Data.Sqlite;

namespace Fulgur.Node.Storage;

internal sealed class SqliteChannelRepository(SqliteConnection connection, SqliteTransaction transaction) : IChannelRepository
{
    public async Task<IReadOnlyList<StoredChannel>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "SELECT dbid, peer_id, state, funding_tx, funding_height, funding_tx_index, funding_spent FROM channels ORDER BY dbid;";
        var channels = new List<StoredChannel>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // A row whose peer id is unreadable is skipped rather than fatal.
            if (!NodeId.TryCreate((byte[])reader.GetValue(1), out var peer))
                continue;
            channels.Add(new StoredChannel(
                (ulong)reader.GetInt64(0),
                peer,
                (byte[])reader.GetValue(2),
                reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3),
                reader.IsDBNull(4) ? null : (uint)reader.GetInt64(4),
                reader.IsDBNull(5) ? null : (uint)reader.GetInt64(5),
                reader.GetInt64(6) != 0));
        }
        return channels;
    }

    public async Task SaveAsync(StoredChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            """
            INSERT INTO channels (dbid, peer_id, state, funding_tx, funding_height, funding_tx_index, funding_spent)
            VALUES ($dbid, $peer, $state, $tx, $height, $index, $spent)
            ON CONFLICT(dbid) DO UPDATE SET state = excluded.state, funding_tx = excluded.funding_tx,
                funding_height = excluded.funding_height, funding_tx_index = excluded.funding_tx_index, funding_spent = excluded.funding_spent;
            """;
        command.Parameters.AddWithValue("$dbid", (long)channel.Dbid);
        command.Parameters.AddWithValue("$peer", channel.Peer.ToArray());
        command.Parameters.AddWithValue("$state", channel.State);
        command.Parameters.AddWithValue("$tx", (object?)channel.FundingTx ?? DBNull.Value);
        command.Parameters.AddWithValue("$height", channel.FundingHeight is { } h ? (long)h : DBNull.Value);
        command.Parameters.AddWithValue("$index", channel.FundingTxIndex is { } i ? (long)i : DBNull.Value);
        command.Parameters.AddWithValue("$spent", channel.FundingSpent ? 1 : 0);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
