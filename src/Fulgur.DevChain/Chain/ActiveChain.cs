using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Scripts.Interpreter;
using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;

namespace Fulgur.DevChain.Chain;

/// <summary>
/// The active regtest chain: blocks from genesis to the tip, the UTXO set and a transaction index. Blocks are fully
/// validated before they are connected (proof of work, merkle root, BIP34, witness commitment, every transaction's
/// inputs, locktimes, sequence locks and scripts); a refused block changes nothing. Not thread-safe: the owner locks.
/// </summary>
internal sealed class ActiveChain
{
    private readonly List<ChainEntry> _entries = [];
    private readonly Dictionary<BlockHash, int> _heights = [];
    private readonly Dictionary<OutPoint, Coin> _utxos = [];
    private readonly Dictionary<TxId, TxLocation> _txIndex = [];

    public ActiveChain(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
        var genesis = network.GenesisBlock;
        // The genesis coinbase is not spendable (bitcoind never adds it to the UTXO set).
        Append(new ChainEntry(genesis, 0, genesis.Header.Bits.Work, genesis.Header.Time, []));
    }

    public Network Network { get; }

    public int Height => _entries.Count - 1;

    public ChainEntry Tip => _entries[^1];

    public IReadOnlyDictionary<OutPoint, Coin> Utxos => _utxos;

    public ChainEntry this[int height] => _entries[height];

    public bool TryGetHeight(BlockHash hash, out int height) => _heights.TryGetValue(hash, out height);

    public bool TryGetCoin(OutPoint outPoint, [NotNullWhen(true)] out Coin? coin) => _utxos.TryGetValue(outPoint, out coin);

    public bool TryFindTransaction(TxId txId, [NotNullWhen(true)] out Transaction? transaction, out int height)
    {
        if (_txIndex.TryGetValue(txId, out var location))
        {
            transaction = _entries[location.Height].Block.Transactions[location.Index];
            height = location.Height;
            return true;
        }
        transaction = null;
        height = -1;
        return false;
    }

    /// <summary>Validates <paramref name="block"/> as the next block and connects it; on refusal nothing changes.</summary>
    public bool TryConnect(Block block, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(block);
        var height = Height + 1;
        if (!CheckBlock(block, height, out error))
            return false;

        var view = new CoinsOverlay(_utxos);
        var spent = new List<KeyValuePair<OutPoint, Coin>>();
        var fees = Satoshi.Zero;
        var previousMtp = Tip.MedianTimePast;
        for (var t = 0; t < block.Transactions.Length; t++)
        {
            var tx = block.Transactions[t];
            if (!tx.IsCoinbase)
            {
                if (!TryConnectTransaction(tx, height, previousMtp, view, spent, out var fee, out error))
                    return false;
                fees += fee;
            }
            for (var o = 0; o < tx.Outputs.Length; o++)
            {
                // Provably unspendable outputs never enter the UTXO set.
                if (!tx.Outputs[o].ScriptPubKey.IsUnspendable)
                    view.Add(new OutPoint(tx.TxId, (uint)o), new Coin(tx.Outputs[o], height, tx.IsCoinbase));
            }
        }
        if (block.Transactions[0].TotalOutput > ConsensusRules.BlockSubsidy(height) + fees)
        {
            error = "bad-cb-amount";
            return false;
        }

        view.CommitTo(_utxos);
        Append(new ChainEntry(block, height, Tip.ChainWork + block.Header.Bits.Work, MedianTimePastWith(block.Header.Time), spent));
        return true;
    }

    /// <summary>Disconnects the tip, restoring the coins it spent; returns its block.</summary>
    public Block DisconnectTip()
    {
        if (Height == 0)
            throw new InvalidOperationException("the genesis block cannot be disconnected");
        var entry = _entries[^1];
        foreach (var tx in entry.Block.Transactions)
        {
            for (var o = 0; o < tx.Outputs.Length; o++)
                _utxos.Remove(new OutPoint(tx.TxId, (uint)o));
            _txIndex.Remove(tx.TxId);
        }
        // Coins created and spent inside this block are not restored: they did not exist before it.
        foreach (var (outPoint, coin) in entry.SpentCoins.Where(s => s.Value.Height < entry.Height))
            _utxos[outPoint] = coin;
        _entries.RemoveAt(_entries.Count - 1);
        _heights.Remove(entry.Hash);
        return entry.Block;
    }

    /// <summary>BIP113 median time past of the block at <paramref name="height"/>.</summary>
    public long MedianTimePastAt(int height) => _entries[Math.Clamp(height, 0, Height)].MedianTimePast;

    private void Append(ChainEntry entry)
    {
        _entries.Add(entry);
        _heights[entry.Hash] = entry.Height;
        for (var i = 0; i < entry.Block.Transactions.Length; i++)
            _txIndex[entry.Block.Transactions[i].TxId] = new TxLocation(entry.Height, i);
    }

    private long MedianTimePastWith(uint newTime)
    {
        var times = new List<long> { newTime };
        for (var h = Height; h >= 0 && times.Count < 11; h--)
            times.Add(_entries[h].Block.Header.Time);
        times.Sort();
        return times[times.Count / 2];
    }

    private bool CheckBlock(Block block, int height, [NotNullWhen(false)] out string? error)
    {
        var header = block.Header;
        error = header.PreviousBlock != Tip.Hash ? "prev-blk-not-found"
            : header.Bits != ConsensusRules.RegtestBits ? "bad-diffbits"
            : !header.Bits.IsMetBy(block.Hash, Network.PowLimit) ? "high-hash"
            : header.Time <= Tip.MedianTimePast ? "time-too-old"
            : header.Version < 4 ? "bad-version"
            : null;
        if (error is not null)
            return false;
        if (block.Transactions.Length == 0 || !block.Transactions[0].IsCoinbase)
        {
            error = "bad-cb-missing";
            return false;
        }
        if (block.Transactions.Skip(1).Any(t => t.IsCoinbase))
        {
            error = "bad-cb-multiple";
            return false;
        }
        if (block.ComputeMerkleRoot(out var mutated) != header.MerkleRoot)
        {
            error = "bad-txnmrklroot";
            return false;
        }
        if (mutated)
        {
            error = "bad-txns-duplicate";
            return false;
        }
        foreach (var tx in block.Transactions)
        {
            if (!TransactionChecks.TryCheck(tx, out var txError))
            {
                error = txError;
                return false;
            }
            if (_txIndex.ContainsKey(tx.TxId))
            {
                // BIP30: no transaction may duplicate one whose outputs could still be unspent.
                error = "bad-txns-BIP30";
                return false;
            }
        }
        // BIP34: "the first serialized element in the scriptSig must be the height".
        if (!ConsensusRules.HasHeightPrefix(block.Transactions[0], height))
        {
            error = "bad-cb-height";
            return false;
        }
        if (!WitnessCommitment.TryValidate(block.Transactions, out error))
        {
            error ??= "bad-witness-merkle-match";
            return false;
        }
        if (block.Weight > Transaction.MaxBlockWeight)
        {
            error = "bad-blk-weight";
            return false;
        }
        error = null;
        return true;
    }

    private bool TryConnectTransaction(
        Transaction tx, int height, long previousMtp, CoinsOverlay view, List<KeyValuePair<OutPoint, Coin>> spent, out Satoshi fee,
        [NotNullWhen(false)] out string? error)
    {
        fee = Satoshi.Zero;
        if (!LockTimeRules.IsFinal(tx, height, previousMtp))
        {
            error = "bad-txns-nonfinal";
            return false;
        }
        var coins = new Coin[tx.Inputs.Length];
        for (var i = 0; i < tx.Inputs.Length; i++)
        {
            if (!view.TryGet(tx.Inputs[i].PrevOut, out var coin))
            {
                error = "bad-txns-inputs-missingorspent";
                return false;
            }
            if (coin.IsCoinbase && height - coin.Height < ConsensusRules.CoinbaseMaturity)
            {
                error = "bad-txns-premature-spend-of-coinbase";
                return false;
            }
            coins[i] = coin;
        }
        var valueIn = coins.Aggregate(Satoshi.Zero, (sum, c) => sum + c.Output.Value);
        if (valueIn < tx.TotalOutput)
        {
            error = "bad-txns-in-belowout";
            return false;
        }
        var sequenceLock = LockTimeRules.CalculateSequenceLock(tx, [.. coins.Select(c => c.Height)], MedianTimePastAt);
        if (!sequenceLock.IsSatisfiedBy(height, previousMtp))
        {
            error = "bad-txns-nonfinal";
            return false;
        }
        var cache = new SegwitV0SighashCache(tx);
        for (var i = 0; i < tx.Inputs.Length; i++)
        {
            if (!ScriptVerifier.VerifyInput(tx, i, coins[i].Output, ConsensusRules.BlockScriptFlags, out var scriptError, cache))
            {
                error = $"mandatory-script-verify-flag-failed ({scriptError.Message()})";
                return false;
            }
        }
        for (var i = 0; i < tx.Inputs.Length; i++)
        {
            view.Spend(tx.Inputs[i].PrevOut);
            spent.Add(new(tx.Inputs[i].PrevOut, coins[i]));
        }
        fee = valueIn - tx.TotalOutput;
        error = null;
        return true;
    }
}
