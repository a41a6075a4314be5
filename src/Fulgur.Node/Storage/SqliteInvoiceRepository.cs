using Fulgur.Node.Invoices;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;
using Microsoft.Data.Sqlite;

namespace Fulgur.Node.Storage;

internal sealed class SqliteInvoiceRepository(SqliteConnection connection, SqliteTransaction transaction)
    : SqliteRepository(connection, transaction), IInvoiceRepository
{
    private const string Columns =
        "label, bolt11, payment_hash, preimage, payment_secret, amount_msat, description, created_at, expires_at, " +
        "min_final_cltv, pay_index, received_msat, paid_at";

    public async Task AddAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        await using var command = Command($"""
            INSERT INTO invoices ({Columns})
            VALUES ($label, $bolt11, $hash, $preimage, $secret, $amount, $description, $created, $expires, $cltv, NULL, NULL, NULL);
            """);
        command.Parameters.AddWithValue("$label", invoice.Label);
        command.Parameters.AddWithValue("$bolt11", invoice.Bolt11);
        command.Parameters.AddWithValue("$hash", invoice.PaymentHash.ToArray());
        command.Parameters.AddWithValue("$preimage", invoice.Preimage.ToArray());
        command.Parameters.AddWithValue("$secret", invoice.PaymentSecret.ToArray());
        command.Parameters.AddWithValue("$amount", invoice.Amount is { } a ? a.Value : DBNull.Value);
        command.Parameters.AddWithValue("$description", invoice.Description);
        command.Parameters.AddWithValue("$created", invoice.CreatedAt.ToUnixTimeSeconds());
        command.Parameters.AddWithValue("$expires", invoice.ExpiresAt.ToUnixTimeSeconds());
        command.Parameters.AddWithValue("$cltv", (long)invoice.MinFinalCltvExpiry.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Invoice?> GetByLabelAsync(string label, CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT {Columns} FROM invoices WHERE label = $label;");
        command.Parameters.AddWithValue("$label", label);
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<Invoice?> GetByPaymentHashAsync(PaymentHash paymentHash, CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT {Columns} FROM invoices WHERE payment_hash = $hash;");
        command.Parameters.AddWithValue("$hash", paymentHash.ToArray());
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<Invoice>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT {Columns} FROM invoices ORDER BY id;");
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string label, CancellationToken cancellationToken)
    {
        await using var command = Command("DELETE FROM invoices WHERE label = $label;");
        command.Parameters.AddWithValue("$label", label);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> MarkPaidAsync(PaymentHash paymentHash, InvoicePayment payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        // The pay_index IS NULL guard makes a second call change nothing, whatever the caller checked before.
        await using var command = Command("""
            UPDATE invoices SET pay_index = $index, received_msat = $received, paid_at = $paid
            WHERE payment_hash = $hash AND pay_index IS NULL;
            """);
        command.Parameters.AddWithValue("$index", checked((long)payment.PayIndex));
        command.Parameters.AddWithValue("$received", payment.Received.Value);
        command.Parameters.AddWithValue("$paid", payment.PaidAt.ToUnixTimeSeconds());
        command.Parameters.AddWithValue("$hash", paymentHash.ToArray());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<Invoice?> FirstPaidAfterAsync(ulong payIndex, CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT {Columns} FROM invoices WHERE pay_index > $index ORDER BY pay_index LIMIT 1;");
        command.Parameters.AddWithValue("$index", payIndex > long.MaxValue ? long.MaxValue : (long)payIndex);
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    private static Task<List<Invoice>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken) =>
        ReadAllAsync(command, Read, cancellationToken);

    private static Invoice Read(SqliteDataReader reader)
    {
        InvoicePayment? payment = reader.IsDBNull(10)
            ? null
            : new InvoicePayment((ulong)reader.GetInt64(10), new MilliSatoshi(reader.GetInt64(11)),
                DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(12)));
        return new Invoice(
            reader.GetString(0),
            reader.GetString(1),
            PaymentHash.FromSpan((byte[])reader[2]),
            Preimage.FromSpan((byte[])reader[3]),
            PaymentSecret.FromSpan((byte[])reader[4]),
            reader.IsDBNull(5) ? null : new MilliSatoshi(reader.GetInt64(5)),
            reader.GetString(6),
            DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(7)),
            DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(8)),
            new CltvExpiryDelta((ushort)reader.GetInt64(9)),
            payment);
    }
}
