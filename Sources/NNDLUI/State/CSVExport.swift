import NNDL

/// CSV text of what the dashboard holds (pure strings; the main loop writes the files).
public enum CSVExport {
    /// The loss history as kept on screen, one row per bucket (one row per iteration until the history merges):
    /// `first_iteration,last_iteration,samples,mean,min,max`.
    public static func loss(_ history: SeriesHistory) -> String {
        let rows = history.buckets.map { b in
            "\(b.firstIteration),\(b.lastIteration),\(b.samples),\(b.mean),\(b.min),\(b.max)"
        }
        return (["first_iteration,last_iteration,samples,mean,min,max"] + rows).joined(separator: "\n") + "\n"
    }

    /// One row per epoch: `epoch,iteration,train_acc,val_acc,best_val_acc,learning_rate,evaluation_seconds`.
    public static func accuracy(_ epochs: [EpochReport]) -> String {
        let rows = epochs.map { e in
            "\(e.epoch),\(e.iteration),\(e.trainAccuracy),\(e.valAccuracy),\(e.bestValAccuracy),\(e.learningRate),"
                + "\(e.evaluationSeconds)"
        }
        let header = "epoch,iteration,train_acc,val_acc,best_val_acc,learning_rate,evaluation_seconds"
        return ([header] + rows).joined(separator: "\n") + "\n"
    }

    /// The hyperparameter change log: `run,iteration,field,old,new`.
    public static func changes(_ changes: [HyperparameterChange]) -> String {
        HyperparameterChange.csv(changes)
    }
}
