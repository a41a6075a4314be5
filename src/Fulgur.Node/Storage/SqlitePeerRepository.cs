using Fulgur.Node.Config;
using Fulgur.Protocol.Types;
using Microsoft.Data.Sqlite;

namespace Fulgur.Node.Storage;

internal sealed class SqlitePeerRepository(SqliteConnection connection, SqliteTransaction transaction) : IPeerRepository
{
    public async Task<IReadOnlyList<StoredPeer>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT node_id, address, has_channels FROM peers ORDER BY node_id;";
        var peers = new List<StoredPeer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Read(reader) is { } peer)
                peers.Add(peer);
        }
        return peers;
    }

    public async Task<StoredPeer?> GetAsync(NodeId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT node_id, address, has_channels FROM peers WHERE node_id = $id;";
        command.Parameters.AddWithValue("$id", id.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task SetAddressAsync(NodeId id, HostPort address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(address);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO peers (node_id, address) VALUES ($id, $address) ON CONFLICT(node_id) DO UPDATE SET address = excluded.address;";
        command.Parameters.AddWithValue("$id", id.ToArray());
        command.Parameters.AddWithValue("$address", address.ToString());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SetHasChannelsAsync(NodeId id, bool hasChannels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "INSERT INTO peers (node_id, has_channels) VALUES ($id, $flag) ON CONFLICT(node_id) DO UPDATE SET has_channels = excluded.has_channels;";
        command.Parameters.AddWithValue("$id", id.ToArray());
        command.Parameters.AddWithValue("$flag", hasChannels ? 1 : 0);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A row, or null when it is unreadable (a row written by a newer fulgurd is skipped rather than fatal).</summary>
    private static StoredPeer? Read(SqliteDataReader reader)
    {
        var id = (byte[])reader.GetValue(0);
        if (!NodeId.TryCreate(id, out var nodeId))
            return null;
        HostPort? address = null;
        if (!reader.IsDBNull(1) && HostPort.TryParse(reader.GetString(1), 0, out var parsed, out _, allowPortZero: false))
            address = parsed;
        return new StoredPeer(nodeId, address, reader.GetInt64(2) != 0);
    }
}
