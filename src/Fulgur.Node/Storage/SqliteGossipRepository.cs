using Fulgur.Protocol.Types;
using Microsoft.Data.Sqlite;

namespace Fulgur.Node.Storage;

internal sealed class SqliteGossipRepository(SqliteConnection connection, SqliteTransaction transaction)
    : SqliteRepository(connection, transaction), IGossipRepository
{
    /// <summary>Migration 7's SQL.</summary>
    public const string Schema =
        """
        CREATE TABLE gossip_channels (
            scid INTEGER PRIMARY KEY NOT NULL,
            announcement BLOB NOT NULL,
            capacity_sat INTEGER NOT NULL
        );
        CREATE TABLE gossip_updates (
            scid INTEGER NOT NULL,
            direction INTEGER NOT NULL,
            raw BLOB NOT NULL,
            PRIMARY KEY (scid, direction)
        );
        CREATE TABLE gossip_nodes (
            node_id BLOB PRIMARY KEY NOT NULL,
            announcement BLOB NOT NULL
        );
        """;

    public async Task<IReadOnlyList<StoredGossipChannel>> ListChannelsAsync(CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT scid, announcement, capacity_sat FROM gossip_channels ORDER BY scid;");
        return await ReadAllAsync(command,
            r => new StoredGossipChannel(new ShortChannelId((ulong)r.GetInt64(0)), (byte[])r.GetValue(1), r.GetInt64(2)), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredGossipUpdate>> ListUpdatesAsync(CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT scid, direction, raw FROM gossip_updates ORDER BY scid, direction;");
        return await ReadAllAsync(command,
            r => new StoredGossipUpdate(new ShortChannelId((ulong)r.GetInt64(0)), (byte)r.GetInt64(1), (byte[])r.GetValue(2)), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredGossipNode>> ListNodesAsync(CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT node_id, announcement FROM gossip_nodes ORDER BY node_id;");
        // A row that does not hold a node id is skipped rather than fatal.
        return await ReadAllAsync(command,
            r => NodeId.TryCreate((byte[])r.GetValue(0), out var id) ? new StoredGossipNode(id, (byte[])r.GetValue(1)) : null, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task PutChannelAsync(StoredGossipChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var command = Command(
            "INSERT INTO gossip_channels (scid, announcement, capacity_sat) VALUES ($scid, $raw, $cap) " +
            "ON CONFLICT(scid) DO UPDATE SET announcement = excluded.announcement, capacity_sat = excluded.capacity_sat;");
        command.Parameters.AddWithValue("$scid", (long)channel.ShortChannelId.Value);
        command.Parameters.AddWithValue("$raw", channel.Announcement);
        command.Parameters.AddWithValue("$cap", channel.CapacitySatoshis);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task PutUpdateAsync(StoredGossipUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        await using var command = Command(
            "INSERT INTO gossip_updates (scid, direction, raw) VALUES ($scid, $dir, $raw) " +
            "ON CONFLICT(scid, direction) DO UPDATE SET raw = excluded.raw;");
        command.Parameters.AddWithValue("$scid", (long)update.ShortChannelId.Value);
        command.Parameters.AddWithValue("$dir", (int)update.Direction);
        command.Parameters.AddWithValue("$raw", update.Update);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task PutNodeAsync(StoredGossipNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        await using var command = Command(
            "INSERT INTO gossip_nodes (node_id, announcement) VALUES ($id, $raw) ON CONFLICT(node_id) DO UPDATE SET announcement = excluded.announcement;");
        command.Parameters.AddWithValue("$id", node.NodeId.ToArray());
        command.Parameters.AddWithValue("$raw", node.Announcement);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteChannelAsync(ShortChannelId shortChannelId, CancellationToken cancellationToken)
    {
        await using var command = Command("DELETE FROM gossip_channels WHERE scid = $scid; DELETE FROM gossip_updates WHERE scid = $scid;");
        command.Parameters.AddWithValue("$scid", (long)shortChannelId.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteNodeAsync(NodeId nodeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        await using var command = Command("DELETE FROM gossip_nodes WHERE node_id = $id;");
        command.Parameters.AddWithValue("$id", nodeId.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }}
