using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Encoding;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Node.Chain;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Tests.Chain;

/// <summary>
/// An in-memory chain the tests script block by block (no proof of work): mine blocks with chosen transactions,
/// reorg by replacing the tip, or fail like an unreachable backend.
/// </summary>
internal sealed class ScriptedChain : IChainSource, ITransactionSender, IFeeSource
{
    private readonly List<Block> _best = [];
    private readonly Dictionary<BlockHash, Block> _all = [];
    private uint _nonce;

    public ScriptedChain(int initialBlocks = 1)
    {
        for (var i = 0; i < initialBlocks; i++)
            Mine();
    }

    public bool Down { get; set; }

    /// <summary>When set, sendrawtransaction fails with this bitcoind error.</summary>
    public BitcoindRpcException? Refuse { get; set; }

    public List<Transaction> Sent { get; } = [];

    public List<Transaction> Mempool { get; } = [];

    public FeeRateValue? Estimate { get; set; }

    public BlockHeight TipHeight => new((uint)(_best.Count - 1));

    public Block BlockAt(int height) => _best[height];

    /// <summary>Mines one block holding a coinbase and <paramref name="transactions"/> (default: the mempool, which is emptied).</summary>
    public Block Mine(params Transaction[] transactions)
    {
        var txs = transactions.Length > 0 ? transactions : [.. Mempool];
        if (transactions.Length == 0)
            Mempool.Clear();
        var height = _best.Count;
        var coinbase = new TransactionBuilder()
            .AddInput(new TxIn(OutPoint.Null, Script.FromBytes([0x03, (byte)height, (byte)(height >> 8), (byte)(_nonce++)]), TxIn.SequenceFinal, Witness.Empty))
            .AddOutput(new Satoshi(50_0000_0000), Script.FromBytes([0x51]))
            .ToTransaction();
        List<Transaction> all = [coinbase, .. txs];
        var prev = height == 0 ? BlockHash.Zero : _best[^1].Hash;
        var root = MerkleTree.BlockMerkleRoot(all, out _);
        var header = new BlockHeader(0x2000_0000, prev, root, 1_700_000_000u + (uint)height, default, _nonce++);
        var block = new Block(header, all);
        _best.Add(block);
        _all[block.Hash] = block;
        return block;
    }

    /// <summary>Drops the top <paramref name="depth"/> blocks (as invalidateblock does).</summary>
    public void Disconnect(int depth) => _best.RemoveRange(_best.Count - depth, depth);

    public Task<ChainTip> GetTipAsync(CancellationToken cancellationToken)
    {
        ThrowIfDown();
        return Task.FromResult(new ChainTip(TipHeight, _best[^1].Hash));
    }

    public Task<BlockHash?> GetBlockHashAsync(BlockHeight height, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        return Task.FromResult(height.Value < _best.Count ? _best[(int)height.Value].Hash : (BlockHash?)null);
    }

    public Task<Block> GetBlockAsync(BlockHash hash, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        return _all.TryGetValue(hash, out var block)
            ? Task.FromResult(block)
            : Task.FromException<Block>(new BitcoindRpcException(-5, "Block not found"));
    }

    public Task<TxId> SendRawTransactionAsync(Transaction transaction, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        if (Refuse is not null)
            throw Refuse;
        Sent.Add(transaction);
        if (!Mempool.Any(t => t.TxId == transaction.TxId))
            Mempool.Add(transaction);
        return Task.FromResult(transaction.TxId);
    }

    public Task<Fulgur.Bitcoin.Fees.FeeRate?> EstimateSmartFeeAsync(int targetBlocks, EstimateMode mode, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        return Task.FromResult(Estimate is { } e ? new Fulgur.Bitcoin.Fees.FeeRate(e.SatPerKw) : (Fulgur.Bitcoin.Fees.FeeRate?)null);
    }

    private void ThrowIfDown()
    {
        if (Down)
            throw new BitcoindUnavailableException("cannot reach bitcoind at http://127.0.0.1:1/: Connection refused");
    }

    /// <summary>A funding transaction from nowhere paying <paramref name="value"/> to <paramref name="script"/>.</summary>
    public static Transaction Pay(Script script, Satoshi value, byte tag = 1) =>
        new TransactionBuilder()
            .AddInput(new OutPoint(new TxId(Hash256.DoubleSha256([tag, 0xee])), 0))
            .AddOutput(value, script)
            .ToTransaction();
}

internal readonly record struct FeeRateValue(long SatPerKw);
