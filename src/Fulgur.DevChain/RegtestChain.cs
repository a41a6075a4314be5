using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.DevChain.Chain;
using Fulgur.DevChain.Mempool;
using Fulgur.DevChain.Mining;
using Fulgur.DevChain.Wallet;

namespace Fulgur.DevChain;

/// <summary>What submitting a transaction led to: accepted (or already in the mempool), or refused and why.</summary>
internal enum SubmitOutcome
{
    Accepted,
    AlreadyInMempool,
    AlreadyInChain,
    Rejected,
}

/// <summary>
/// The devchain's state behind one lock: the active chain (persisted in DIR/regtest/blocks.dat and re-validated
/// on start), the mempool and the faucet wallet. Every change keeps the three consistent: a mined or disconnected
/// block re-checks the mempool, which keeps only what is still valid.
/// </summary>
internal sealed class RegtestChain : IDisposable
{
    private readonly BlockStore _store;
    private readonly Func<long> _clock;

    private RegtestChain(string networkDirectory, Func<long> clock)
    {
        _clock = clock;
        NetworkDirectory = networkDirectory;
        Active = new ActiveChain(Network.Regtest);
        _store = new BlockStore(Path.Combine(networkDirectory, "blocks.dat"));
        foreach (var block in _store.ReadAll())
        {
            if (!Active.TryConnect(block, out var error))
            {
                LoadError = $"stored block {block.Hash} at height {Active.Height + 1} is invalid ({error}); dropped it and every later block";
                break;
            }
        }
        _store.TruncateTo(Active.Height);
        Wallet = FaucetWallet.Open(networkDirectory);
        LoadMempool();
    }

    /// <summary>The lock every reader and writer of the state below takes.</summary>
    public Lock Gate { get; } = new();

    public string NetworkDirectory { get; }

    public ActiveChain Active { get; }

    public TxMempool Pool { get; } = new();

    public FaucetWallet Wallet { get; }

    /// <summary>Set when stored blocks failed re-validation on load (they were discarded).</summary>
    public string? LoadError { get; }

    public long Now => _clock();

    /// <summary>Opens (or creates) the chain under <paramref name="dataDirectory"/>/regtest.</summary>
    public static RegtestChain Open(string dataDirectory, Func<long>? clock = null)
    {
        var networkDirectory = Path.Combine(dataDirectory, "regtest");
        Directory.CreateDirectory(networkDirectory);
        return new RegtestChain(networkDirectory, clock ?? (() => DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    }

    /// <summary>sendrawtransaction's path: bitcoind's BroadcastTransaction checks, then mempool acceptance.</summary>
    public SubmitOutcome Submit(Transaction tx, out MempoolEntry? entry, out TxRejection? rejection)
    {
        ArgumentNullException.ThrowIfNull(tx);
        lock (Gate)
        {
            entry = null;
            rejection = null;
            // bitcoind: an unspent output of this txid in the UTXO set means the transaction is already in the chain.
            for (var o = 0; o < tx.Outputs.Length; o++)
            {
                if (Active.TryGetCoin(new OutPoint(tx.TxId, (uint)o), out _))
                    return SubmitOutcome.AlreadyInChain;
            }
            if (Pool.TryGet(tx.TxId, out entry))
                return SubmitOutcome.AlreadyInMempool;
            if (!MempoolPolicy.TryAccept(tx, Active, Pool, Now, out entry, out rejection))
                return SubmitOutcome.Rejected;
            Pool.Add(entry);
            return SubmitOutcome.Accepted;
        }
    }

    /// <summary>testmempoolaccept: the mempool checks without keeping the transaction.</summary>
    public bool TestAccept(Transaction tx, [NotNullWhen(true)] out MempoolEntry? entry, [NotNullWhen(false)] out TxRejection? rejection)
    {
        lock (Gate)
            return MempoolPolicy.TryAccept(tx, Active, Pool, Now, out entry, out rejection);
    }

    /// <summary>Mines <paramref name="count"/> blocks paying <paramref name="payTo"/>, each with the mempool's transactions.</summary>
    public IReadOnlyList<BlockHash> Generate(int count, Script payTo)
    {
        var hashes = new List<BlockHash>();
        lock (Gate)
        {
            for (var i = 0; i < count; i++)
            {
                var block = BlockAssembler.Assemble(Active, Pool.Entries, payTo, Now);
                if (!Active.TryConnect(block, out var error))
                    throw new InvalidOperationException($"assembled block refused: {error}");
                _store.Append(block);
                hashes.Add(block.Hash);
                ResyncMempool([]);
            }
        }
        return hashes;
    }

    /// <summary>
    /// invalidateblock: disconnects <paramref name="hash"/> and every block above it (they are forgotten, not kept as
    /// invalid), and returns their transactions to the mempool where still valid.
    /// </summary>
    public bool TryInvalidate(BlockHash hash, [NotNullWhen(false)] out string? error)
    {
        lock (Gate)
        {
            if (!Active.TryGetHeight(hash, out var height))
            {
                error = "Block not found";
                return false;
            }
            if (height == 0)
            {
                error = "Can't invalidate the genesis block";
                return false;
            }
            var disconnected = new List<Block>();
            while (Active.Height >= height)
                disconnected.Add(Active.DisconnectTip());
            _store.TruncateTo(Active.Height);
            disconnected.Reverse();
            ResyncMempool([.. disconnected.SelectMany(b => b.Transactions.Where(t => !t.IsCoinbase))]);
            error = null;
            return true;
        }
    }

    /// <summary>The wallet's unspent outputs in the chain and the mempool, minus those the mempool spends.</summary>
    public IReadOnlyList<WalletCoin> WalletCoins()
    {
        lock (Gate)
        {
            var coins = new List<WalletCoin>();
            foreach (var (outPoint, coin) in Active.Utxos)
            {
                if (!Wallet.IsMine(coin.Output.ScriptPubKey) || Pool.TryGetSpender(outPoint, out _))
                    continue;
                var confirmations = Active.Height - coin.Height + 1;
                // bitcoind's wallet waits one block more than consensus (GetBlocksToMaturity: COINBASE_MATURITY + 1).
                coins.Add(new WalletCoin(outPoint, coin.Output, confirmations, coin.IsCoinbase,
                    !coin.IsCoinbase || confirmations > ConsensusRules.CoinbaseMaturity));
            }
            foreach (var entry in Pool.Entries)
            {
                for (var o = 0; o < entry.Transaction.Outputs.Length; o++)
                {
                    var output = entry.Transaction.Outputs[o];
                    var outPoint = new OutPoint(entry.TxId, (uint)o);
                    if (Wallet.IsMine(output.ScriptPubKey) && !Pool.TryGetSpender(outPoint, out _))
                        coins.Add(new WalletCoin(outPoint, output, 0, false, SpendsFromWallet(entry.Transaction)));
                }
            }
            return coins;
        }
    }

    /// <summary>sendtoaddress: a signed payment from the faucet, put in the mempool.</summary>
    public bool TrySend(Script destination, Satoshi amount, bool subtractFee, [NotNullWhen(true)] out Transaction? tx, [NotNullWhen(false)] out string? error)
    {
        lock (Gate)
        {
            tx = Wallet.TryCreatePayment(WalletCoins(), destination, amount, subtractFee, out error);
            if (tx is null)
            {
                error ??= "Insufficient funds";
                return false;
            }
            if (Submit(tx, out _, out var rejection) != SubmitOutcome.Accepted)
            {
                error = rejection?.ToString() ?? "transaction refused";
                tx = null;
                return false;
            }
            return true;
        }
    }

    /// <summary>Re-checks the mempool after the tip changed: <paramref name="first"/> (disconnected transactions) then the old entries.</summary>
    private void ResyncMempool(IReadOnlyList<Transaction> first)
    {
        var old = Pool.Clear();
        foreach (var tx in first.Concat(old.Select(e => e.Transaction)))
        {
            if (Active.TryFindTransaction(tx.TxId, out _, out _))
                continue;
            if (MempoolPolicy.TryAccept(tx, Active, Pool, Now, out var entry, out _))
                Pool.Add(entry);
        }
    }

    /// <summary>
    /// bitcoind's trusted unconfirmed outputs: those of a mempool transaction that spends the wallet's own coins
    /// (its change), spendable before confirmation; payments from others wait for a block.
    /// </summary>
    private bool SpendsFromWallet(Transaction tx) => tx.Inputs.Any(input =>
    {
        var prev = input.PrevOut;
        TxOut? output = null;
        if (Pool.TryGetOutput(prev, out var mempoolOutput))
            output = mempoolOutput;
        else if (Active.TryFindTransaction(prev.TxId, out var parent, out _) && prev.Index < parent.Outputs.Length)
            output = parent.Outputs[(int)prev.Index];
        return output is not null && Wallet.IsMine(output.ScriptPubKey);
    });

    /// <summary>Keeps the mempool across restarts as bitcoind's mempool.dat does: one raw transaction per line.</summary>
    private string MempoolPath => Path.Combine(NetworkDirectory, "mempool.txt");

    private void SaveMempool()
    {
        var temporary = MempoolPath + ".new";
        File.WriteAllLines(temporary, Pool.Entries.Select(e => e.Transaction.ToHex()));
        File.Move(temporary, MempoolPath, overwrite: true);
    }

    private void LoadMempool()
    {
        if (!File.Exists(MempoolPath))
            return;
        foreach (var line in File.ReadLines(MempoolPath))
        {
            if (Transaction.TryParseHex(line.Trim(), out var tx, out _)
                && MempoolPolicy.TryAccept(tx, Active, Pool, Now, out var entry, out _))
                Pool.Add(entry);
        }
    }

    public void Dispose()
    {
        lock (Gate)
            SaveMempool();
        _store.Dispose();
        Wallet.Dispose();
    }
}
