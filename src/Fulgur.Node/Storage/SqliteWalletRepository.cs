using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Node.Wallet;
using Fulgur.Protocol.Types;
using Microsoft.Data.Sqlite;

namespace Fulgur.Node.Storage;

internal sealed class SqliteWalletRepository(SqliteConnection connection, SqliteTransaction transaction) : IWalletRepository
{
    public async Task<IReadOnlyList<WalletUtxo>> ListOutputsAsync(CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "SELECT txid, output, value, key_index, script, status, blockheight, spent_by, spent_height FROM wallet_outputs ORDER BY rowid;";
        var list = new List<WalletUtxo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new WalletUtxo(
                new OutPoint(TxId.FromBytes((byte[])reader[0]), (uint)reader.GetInt64(1)),
                new Satoshi(reader.GetInt64(2)),
                (uint)reader.GetInt64(3),
                Script.FromBytes((byte[])reader[4]),
                (UtxoStatus)reader.GetInt64(5),
                reader.IsDBNull(6) ? null : new BlockHeight((uint)reader.GetInt64(6)),
                reader.IsDBNull(7) ? null : TxId.FromBytes((byte[])reader[7]),
                reader.IsDBNull(8) ? null : new BlockHeight((uint)reader.GetInt64(8))));
        }
        return list;
    }

    public async Task UpsertOutputAsync(WalletUtxo output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO wallet_outputs (txid, output, value, key_index, script, status, blockheight, spent_by, spent_height)
            VALUES ($txid, $output, $value, $key, $script, $status, $height, $spentBy, $spentHeight)
            ON CONFLICT(txid, output) DO UPDATE SET status = excluded.status, blockheight = excluded.blockheight,
                spent_by = excluded.spent_by, spent_height = excluded.spent_height;
            """;
        command.Parameters.AddWithValue("$txid", output.OutPoint.TxId.ToBytes());
        command.Parameters.AddWithValue("$output", (long)output.OutPoint.Index);
        command.Parameters.AddWithValue("$value", output.Value.Value);
        command.Parameters.AddWithValue("$key", (long)output.KeyIndex);
        command.Parameters.AddWithValue("$script", output.ScriptPubKey.ToBytes());
        command.Parameters.AddWithValue("$status", (long)output.Status);
        command.Parameters.AddWithValue("$height", output.BlockHeight is { } h ? (long)h.Value : DBNull.Value);
        command.Parameters.AddWithValue("$spentBy", output.SpentBy is { } s ? s.ToBytes() : DBNull.Value);
        command.Parameters.AddWithValue("$spentHeight", output.SpentHeight is { } sh ? (long)sh.Value : DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteOutputAsync(OutPoint outPoint, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM wallet_outputs WHERE txid = $txid AND output = $output;";
        command.Parameters.AddWithValue("$txid", outPoint.TxId.ToBytes());
        command.Parameters.AddWithValue("$output", (long)outPoint.Index);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task AddTransactionAsync(Transaction sent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sent);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO wallet_transactions (txid, raw) VALUES ($txid, $raw) ON CONFLICT(txid) DO NOTHING;";
        command.Parameters.AddWithValue("$txid", sent.TxId.ToBytes());
        command.Parameters.AddWithValue("$raw", sent.ToBytes());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Transaction>> ListTransactionsAsync(CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT raw FROM wallet_transactions ORDER BY rowid;";
        var list = new List<Transaction>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Transaction.TryParse((byte[])reader[0], out var tx, out var error))
                list.Add(tx);
            else
                throw new StoreException($"wallet_transactions holds an unparseable transaction: {error}");
        }
        return list;
    }

    public async Task DeleteTransactionAsync(TxId txid, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM wallet_transactions WHERE txid = $txid;";
        command.Parameters.AddWithValue("$txid", txid.ToBytes());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
