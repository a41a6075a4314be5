using System.Buffers.Binary;
using Fulgur.Protocol.Types;
using Microsoft.Data.Sqlite;

namespace Fulgur.Node.Storage;

internal sealed class SqlitePaymentRepository(SqliteConnection connection, SqliteTransaction transaction)
    : SqliteRepository(connection, transaction), IPaymentRepository
{
    private const string Columns =
        "id, payment_hash, destination, amount_msat, amount_sent_msat, created_at, status, preimage, label, bolt11, route, " +
        "shared_secrets, first_channel, first_expiry, out_htlc_id, fail_code, fail_message, erring_index, erring_node, erring_channel, " +
        "failcode, channel_update, onion_reply, completed_at";

    private const int HopLength = NodeId.Length + 8 + 8 + 4;

    public async Task<long> AddAsync(StoredPayment payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        await using var command = Command("""
            INSERT INTO payments (payment_hash, destination, amount_msat, amount_sent_msat, created_at, status, preimage, label, bolt11,
                route, shared_secrets, first_channel, first_expiry, out_htlc_id)
            VALUES ($hash, $destination, $amount, $sent, $created, $status, $preimage, $label, $bolt11, $route, $secrets, $channel, $expiry, NULL);
            SELECT last_insert_rowid();
            """);
        command.Parameters.AddWithValue("$hash", payment.PaymentHash.ToArray());
        command.Parameters.AddWithValue("$destination", payment.Destination.ToArray());
        command.Parameters.AddWithValue("$amount", payment.Amount.Value);
        command.Parameters.AddWithValue("$sent", payment.AmountSent.Value);
        command.Parameters.AddWithValue("$created", payment.CreatedAt.ToUnixTimeSeconds());
        command.Parameters.AddWithValue("$status", (int)payment.Status);
        command.Parameters.AddWithValue("$preimage", payment.Preimage is { } p ? p.ToArray() : DBNull.Value);
        command.Parameters.AddWithValue("$label", (object?)payment.Label ?? DBNull.Value);
        command.Parameters.AddWithValue("$bolt11", (object?)payment.Bolt11 ?? DBNull.Value);
        command.Parameters.AddWithValue("$route", EncodeRoute(payment.Route));
        command.Parameters.AddWithValue("$secrets", payment.SharedSecrets);
        command.Parameters.AddWithValue("$channel", payment.FirstChannel.ToArray());
        command.Parameters.AddWithValue("$expiry", (long)payment.FirstExpiry.Value);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task SetOutgoingHtlcAsync(long id, ulong htlcId, CancellationToken cancellationToken)
    {
        await using var command = Command("UPDATE payments SET out_htlc_id = $htlc WHERE id = $id;");
        command.Parameters.AddWithValue("$htlc", (long)htlcId);
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> CompleteAsync(long id, Preimage preimage, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = Command(
            "UPDATE payments SET status = 1, preimage = $preimage, completed_at = $at WHERE id = $id AND status = 0;");
        command.Parameters.AddWithValue("$preimage", preimage.ToArray());
        command.Parameters.AddWithValue("$at", at.ToUnixTimeSeconds());
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> FailAsync(long id, PaymentFailure failure, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        await using var command = Command("""
            UPDATE payments SET status = 2, fail_code = $code, fail_message = $message, erring_index = $index, erring_node = $node,
                erring_channel = $channel, failcode = $failcode, channel_update = $update, onion_reply = $reply, completed_at = $at
            WHERE id = $id AND status = 0;
            """);
        command.Parameters.AddWithValue("$code", failure.Code);
        command.Parameters.AddWithValue("$message", failure.Message);
        command.Parameters.AddWithValue("$index", failure.ErringIndex);
        command.Parameters.AddWithValue("$node", failure.ErringNode.ToArray());
        command.Parameters.AddWithValue("$channel", (long)failure.ErringChannel.Value);
        command.Parameters.AddWithValue("$failcode", (int)failure.FailCode);
        command.Parameters.AddWithValue("$update", (object?)failure.ChannelUpdate ?? DBNull.Value);
        command.Parameters.AddWithValue("$reply", (object?)failure.OnionReply ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeSeconds());
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<StoredPayment?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT {Columns} FROM payments WHERE id = $id;");
        command.Parameters.AddWithValue("$id", id);
        var rows = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : null;
    }

    public async Task<IReadOnlyList<StoredPayment>> ListAsync(PaymentHash? paymentHash, string? bolt11, PaymentStatus? status,
        CancellationToken cancellationToken)
    {
        await using var command = Command($"""
            SELECT {Columns} FROM payments
            WHERE ($hash IS NULL OR payment_hash = $hash) AND ($bolt11 IS NULL OR bolt11 = $bolt11) AND ($status IS NULL OR status = $status)
            ORDER BY id;
            """);
        command.Parameters.AddWithValue("$hash", paymentHash is { } h ? h.ToArray() : DBNull.Value);
        command.Parameters.AddWithValue("$bolt11", (object?)bolt11 ?? DBNull.Value);
        command.Parameters.AddWithValue("$status", status is { } s ? (int)s : DBNull.Value);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<StoredPayment>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken) =>
        await ReadAllAsync(command, Read, cancellationToken).ConfigureAwait(false);

    private static StoredPayment? Read(SqliteDataReader r)
    {
        // Rows this code wrote always decode; an unreadable one is skipped rather than fatal.
        if (!NodeId.TryCreate((byte[])r.GetValue(2), out var destination) || !TryDecodeRoute((byte[])r.GetValue(10), out var route))
            return null;
        PaymentFailure? failure = null;
        if (!r.IsDBNull(15) && NodeId.TryCreate((byte[])r.GetValue(18), out var erringNode))
        {
            failure = new PaymentFailure(r.GetInt32(15), r.GetString(16), r.GetInt32(17), erringNode,
                new ShortChannelId((ulong)r.GetInt64(19)), (ushort)r.GetInt32(20),
                r.IsDBNull(21) ? null : (byte[])r.GetValue(21), r.IsDBNull(22) ? null : (byte[])r.GetValue(22));
        }
        return new StoredPayment(
            r.GetInt64(0),
            PaymentHash.FromSpan((byte[])r.GetValue(1)),
            destination,
            new MilliSatoshi(r.GetInt64(3)),
            new MilliSatoshi(r.GetInt64(4)),
            DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(5)),
            (PaymentStatus)r.GetInt32(6),
            r.IsDBNull(7) ? null : Preimage.FromSpan((byte[])r.GetValue(7)),
            r.IsDBNull(8) ? null : r.GetString(8),
            r.IsDBNull(9) ? null : r.GetString(9),
            route,
            (byte[])r.GetValue(11),
            ChannelId.FromSpan((byte[])r.GetValue(12)),
            new CltvExpiry((uint)r.GetInt64(13)),
            r.IsDBNull(14) ? null : (ulong)r.GetInt64(14),
            failure,
            r.IsDBNull(23) ? null : DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(23)));
    }

    private static byte[] EncodeRoute(IReadOnlyList<PaymentHop> route)
    {
        var bytes = new byte[route.Count * HopLength];
        for (var i = 0; i < route.Count; i++)
        {
            var hop = bytes.AsSpan(i * HopLength, HopLength);
            route[i].Id.Bytes.CopyTo(hop);
            BinaryPrimitives.WriteUInt64BigEndian(hop[33..], route[i].Channel.Value);
            BinaryPrimitives.WriteInt64BigEndian(hop[41..], route[i].Amount.Value);
            BinaryPrimitives.WriteUInt32BigEndian(hop[49..], route[i].Delay);
        }
        return bytes;
    }

    private static bool TryDecodeRoute(byte[] bytes, out IReadOnlyList<PaymentHop> route)
    {
        var hops = new List<PaymentHop>();
        route = hops;
        if (bytes.Length % HopLength != 0)
            return false;
        for (var offset = 0; offset < bytes.Length; offset += HopLength)
        {
            var hop = bytes.AsSpan(offset, HopLength);
            if (!NodeId.TryCreate(hop[..33], out var id))
                return false;
            hops.Add(new PaymentHop(id, new ShortChannelId(BinaryPrimitives.ReadUInt64BigEndian(hop[33..])),
                new MilliSatoshi(BinaryPrimitives.ReadInt64BigEndian(hop[41..])), BinaryPrimitives.ReadUInt32BigEndian(hop[49..])));
        }
        return true;
    }
}
