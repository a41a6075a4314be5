using Fulgur.Protocol.Types;
using Microsoft.Data.Sqlite;

namespace Fulgur.Node.Storage;

internal sealed class SqliteForwardRepository(SqliteConnection connection, SqliteTransaction transaction)
    : SqliteRepository(connection, transaction), IForwardRepository
{
    private const string Columns =
        "in_channel, in_htlc_id, kind, payment_hash, in_amount_msat, in_expiry, shared_secret, out_scid, out_channel, out_amount_msat, " +
        "out_expiry, out_htlc_id, state, preimage, fail_reason, created_at";

    public async Task AddAsync(StoredForward forward, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(forward);
        await using var command = Command($"""
            INSERT INTO forwards ({Columns})
            VALUES ($in_channel, $in_id, $kind, $hash, $in_amount, $in_expiry, $secret, $out_scid, $out_channel, $out_amount, $out_expiry,
                $out_id, $state, $preimage, $reason, $created);
            """);
        command.Parameters.AddWithValue("$in_channel", forward.InChannel.ToArray());
        command.Parameters.AddWithValue("$in_id", (long)forward.InHtlcId);
        command.Parameters.AddWithValue("$kind", (int)forward.Kind);
        command.Parameters.AddWithValue("$hash", forward.PaymentHash.ToArray());
        command.Parameters.AddWithValue("$in_amount", forward.InAmount.Value);
        command.Parameters.AddWithValue("$in_expiry", (long)forward.InExpiry.Value);
        command.Parameters.AddWithValue("$secret", forward.SharedSecret);
        command.Parameters.AddWithValue("$out_scid", forward.OutScid is { } s ? (long)s.Value : DBNull.Value);
        command.Parameters.AddWithValue("$out_channel", forward.OutChannel is { } c ? c.ToArray() : DBNull.Value);
        command.Parameters.AddWithValue("$out_amount", forward.OutAmount is { } a ? a.Value : DBNull.Value);
        command.Parameters.AddWithValue("$out_expiry", forward.OutExpiry is { } e ? (long)e.Value : DBNull.Value);
        command.Parameters.AddWithValue("$out_id", forward.OutHtlcId is { } o ? (long)o : DBNull.Value);
        command.Parameters.AddWithValue("$state", (int)forward.State);
        command.Parameters.AddWithValue("$preimage", forward.Preimage is { } p ? p.ToArray() : DBNull.Value);
        command.Parameters.AddWithValue("$reason", (object?)forward.FailReason ?? DBNull.Value);
        command.Parameters.AddWithValue("$created", forward.CreatedAt.ToUnixTimeSeconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SetOutgoingHtlcAsync(ChannelId inChannel, ulong inHtlcId, ulong outHtlcId, CancellationToken cancellationToken)
    {
        await using var command = Command("UPDATE forwards SET out_htlc_id = $out WHERE in_channel = $channel AND in_htlc_id = $id;");
        command.Parameters.AddWithValue("$out", (long)outHtlcId);
        command.Parameters.AddWithValue("$channel", inChannel.ToArray());
        command.Parameters.AddWithValue("$id", (long)inHtlcId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ResolveAsync(ChannelId inChannel, ulong inHtlcId, ForwardState state, Preimage? preimage, byte[]? failReason,
        CancellationToken cancellationToken)
    {
        await using var command = Command("""
            UPDATE forwards SET state = $state, preimage = $preimage, fail_reason = $reason
            WHERE in_channel = $channel AND in_htlc_id = $id AND state = 0;
            """);
        command.Parameters.AddWithValue("$state", (int)state);
        command.Parameters.AddWithValue("$preimage", preimage is { } p ? p.ToArray() : DBNull.Value);
        command.Parameters.AddWithValue("$reason", (object?)failReason ?? DBNull.Value);
        command.Parameters.AddWithValue("$channel", inChannel.ToArray());
        command.Parameters.AddWithValue("$id", (long)inHtlcId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<StoredForward?> GetAsync(ChannelId inChannel, ulong inHtlcId, CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT {Columns} FROM forwards WHERE in_channel = $channel AND in_htlc_id = $id;");
        command.Parameters.AddWithValue("$channel", inChannel.ToArray());
        command.Parameters.AddWithValue("$id", (long)inHtlcId);
        var rows = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : null;
    }

    public async Task<IReadOnlyList<StoredForward>> ListOfferedAsync(CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT {Columns} FROM forwards WHERE state = 0 AND kind = 0;");
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<StoredForward>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken) =>
        await ReadAllAsync(command, r => new StoredForward(
                ChannelId.FromSpan((byte[])r.GetValue(0)),
                (ulong)r.GetInt64(1),
                (IncomingHtlcKind)r.GetInt32(2),
                PaymentHash.FromSpan((byte[])r.GetValue(3)),
                new MilliSatoshi(r.GetInt64(4)),
                new CltvExpiry((uint)r.GetInt64(5)),
                (byte[])r.GetValue(6),
                r.IsDBNull(7) ? null : new ShortChannelId((ulong)r.GetInt64(7)),
                r.IsDBNull(8) ? null : ChannelId.FromSpan((byte[])r.GetValue(8)),
                r.IsDBNull(9) ? null : new MilliSatoshi(r.GetInt64(9)),
                r.IsDBNull(10) ? null : new CltvExpiry((uint)r.GetInt64(10)),
                r.IsDBNull(11) ? null : (ulong)r.GetInt64(11),
                (ForwardState)r.GetInt32(12),
                r.IsDBNull(13) ? null : Preimage.FromSpan((byte[])r.GetValue(13)),
                r.IsDBNull(14) ? null : (byte[])r.GetValue(14),
                DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(15))), cancellationToken).ConfigureAwait(false);
}
