using Fulgur.Bitcoin.Transactions;

namespace Fulgur.Bitcoin.Tests.Transactions;

public sealed class LockTimeRulesTests
{
    private static Transaction Make(uint version, uint lockTime, params uint[] sequences)
    {
        var builder = new TransactionBuilder { Version = version, LockTime = lockTime };
        for (var i = 0; i < sequences.Length; i++)
            builder.AddInput(new OutPoint(TxId.Parse(new string('a', 64)), (uint)i), sequences[i]);
        return builder.AddOutput(new Satoshi(1), Fulgur.Bitcoin.Scripts.Script.Empty).ToTransaction();
    }

    [Theory]
    [InlineData(0u, 0xfffffffeu, 1, 0L, true)]
    [InlineData(100u, 0xfffffffeu, 101, 0L, true)]
    [InlineData(100u, 0xfffffffeu, 100, 0L, false)]
    [InlineData(100u, 0xffffffffu, 100, 0L, true)] // all inputs final
    [InlineData(500_000_100u, 0xfffffffeu, 1_000_000, 500_000_101L, true)]
    [InlineData(500_000_100u, 0xfffffffeu, 1_000_000, 500_000_100L, false)]
    public void Absolute_locktime_finality(uint lockTime, uint sequence, int height, long time, bool final) =>
        Assert.Equal(final, LockTimeRules.IsFinal(Make(2, lockTime, sequence), height, time));

    [Fact]
    public void Relative_height_lock_follows_bip68()
    {
        var tx = Make(2, 0, 144, TxIn.SequenceFinal);
        var sequenceLock = LockTimeRules.CalculateSequenceLock(tx, [1000, 5], _ => 0);
        Assert.Equal(new SequenceLock(1143, -1), sequenceLock);
        Assert.False(sequenceLock.IsSatisfiedBy(1143, 0));
        Assert.True(sequenceLock.IsSatisfiedBy(1144, 0));
        Assert.Equal(new SequenceLock(-1, -1), LockTimeRules.CalculateSequenceLock(Make(1, 0, 144), [1000], _ => 0));
    }

    [Fact]
    public void Relative_time_lock_counts_512_second_units_from_the_previous_median_time()
    {
        var tx = Make(2, 0, TxIn.SequenceLockTimeTypeFlag | 2);
        var sequenceLock = LockTimeRules.CalculateSequenceLock(tx, [10], height => height == 9 ? 1_600_000_000L : 0);
        Assert.Equal(new SequenceLock(-1, 1_600_000_000L + 1024 - 1), sequenceLock);
        Assert.False(sequenceLock.IsSatisfiedBy(11, 1_600_001_023));
        Assert.True(sequenceLock.IsSatisfiedBy(11, 1_600_001_024));
    }
}
