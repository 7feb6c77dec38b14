"""scikit-learn baselines for the claimkit benchmark."""
